// A scan worker thread: waits for its rules (an `init` message), compiles them once, then scans the
// files and buffers it is sent, and the published files it claims (pool.ts). It may be started before
// the rules are known (pipeline/prewarm.ts).
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { buildRuleSet, type RuleSet } from '../rules/compile.js';
import { newProfile, type RuleProfile } from '../detect/engine.js';
import { isPlain, scanBuffer, scanFile, type FileResult, type FileScanOptions } from './scan-file.js';
import type { WorkerJob, WorkerReply } from './protocol.js';

let rs: RuleSet | undefined;
let profile: RuleProfile | undefined;
let options: FileScanOptions = { maxFileSize: Infinity };
// [0]: the next published file to claim, shared with every thread of the pool.
let next: Int32Array | undefined;
// Published files by index (cleared once claimed by anyone: this thread only reads ahead of the counter).
const published: (string | undefined)[] = [];

/** Results go back every this many files, or this many milliseconds: the coordinator sees progress. */
const REPLY_FILES = 32;
const REPLY_MS = 20;

/**
 * Claims published files until none this thread knows of is left. (More may have been published
 * meanwhile: their messages wait in the queue, and each one starts this loop again.)
 */
function claimAll(rules: RuleSet, ctl: Int32Array): void {
  let results: { index: number; result: FileResult }[] = [];
  let plain: number[] = [];
  let last = performance.now();
  const reply = (): void => {
    if (!results.length && !plain.length) return;
    const msg: WorkerReply = { type: 'claimed', results, plain };
    parentPort!.postMessage(msg);
    results = [];
    plain = [];
    last = performance.now();
  };
  for (;;) {
    const c = Atomics.load(ctl, 0);
    if (c >= published.length) break;
    if (Atomics.compareExchange(ctl, 0, c, c + 1) !== c) continue;
    const result = scanFile(rules, published[c]!, options);
    if (isPlain(result)) plain.push(c, result.bytes);
    else results.push({ index: c, result });
    if (results.length + plain.length / 2 >= REPLY_FILES || performance.now() - last > REPLY_MS) reply();
  }
  reply();
  // Everything below the counter is claimed: the paths are not needed any more.
  for (let i = Math.min(Atomics.load(ctl, 0), published.length) - 1; i >= 0 && published[i] !== undefined; i--) published[i] = undefined;
}

parentPort!.on('message', (job: WorkerJob) => {
  if (job.type === 'init') {
    // Regexes compile on first use: most rules never meet a keyword in a given scan.
    rs = buildRuleSet(job.rules, { lazy: true });
    profile = job.profile ? newProfile(rs.rules.length) : undefined;
    options = { ...job.options, ...(profile ? { profile } : {}) };
    next = new Int32Array(job.claims);
    return;
  }
  if (!rs) throw new Error('scan worker: a job came before its rules');
  if (job.type === 'profile') {
    const reply: WorkerReply = { type: 'profile', profile: profile ?? newProfile(rs.rules.length) };
    parentPort!.postMessage(reply);
    return;
  }
  if (job.type === 'publish') {
    for (let i = 0; i < job.paths.length; i++) published[job.base + i] = job.paths[i];
    claimAll(rs, next!);
    return;
  }
  // Most files hold nothing: they go back as (id, bytes) pairs, which cost far less to copy between
  // threads than a result object each.
  const results: { id: number; result: FileResult }[] = [];
  const plain: number[] = [];
  for (const item of job.items) {
    const result = item.bytes ? scanBuffer(rs, item.bytes, options, item.name) : scanFile(rs, item.path!, options);
    if (isPlain(result)) plain.push(item.id, result.bytes);
    else results.push({ id: item.id, result });
  }
  const reply: WorkerReply = { type: 'results', batch: job.batch, results, plain };
  parentPort!.postMessage(reply);
});
