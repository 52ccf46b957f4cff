// A scan worker thread: waits for its rules (an `init` message), compiles them once, then scans the
// files and buffers it is sent. It may be started before the rules are known (pipeline/prewarm.ts).
import { parentPort } from 'node:worker_threads';
import { buildRuleSet, type RuleSet } from '../rules/compile.js';
import { newProfile, type RuleProfile } from '../detect/engine.js';
import { isPlain, scanBuffer, scanFile, type FileResult, type FileScanOptions } from './scan-file.js';
import type { WorkerJob, WorkerReply } from './protocol.js';

let rs: RuleSet | undefined;
let profile: RuleProfile | undefined;
let options: FileScanOptions = { maxFileSize: Infinity };

parentPort!.on('message', (job: WorkerJob) => {
  if (job.type === 'init') {
    // Regexes compile on first use: most rules never meet a keyword in a given scan.
    rs = buildRuleSet(job.rules, { lazy: true });
    profile = job.profile ? newProfile(rs.rules.length) : undefined;
    options = { ...job.options, ...(profile ? { profile } : {}) };
    return;
  }
  if (!rs) throw new Error('scan worker: a job came before its rules');
  if (job.type === 'profile') {
    const reply: WorkerReply = { type: 'profile', profile: profile ?? newProfile(rs.rules.length) };
    parentPort!.postMessage(reply);
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
