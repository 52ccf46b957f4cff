// A scan worker thread: compiles the rules once, then scans the files and buffers it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { buildRuleSet, type LoadedRule } from '../rules/compile.js';
import { newProfile } from '../detect/engine.js';
import { scanBuffer, scanFile, type FileScanOptions } from './scan-file.js';
import type { WorkerJob, WorkerReply } from './protocol.js';

const init = workerData as { rules: LoadedRule[]; options: FileScanOptions; profile: boolean };
const rs = buildRuleSet(init.rules);
const profile = init.profile ? newProfile(rs.rules.length) : undefined;
const options: FileScanOptions = { ...init.options, ...(profile ? { profile } : {}) };

parentPort!.on('message', (job: WorkerJob) => {
  if (job.type === 'profile') {
    const reply: WorkerReply = { type: 'profile', profile: profile ?? newProfile(rs.rules.length) };
    parentPort!.postMessage(reply);
    return;
  }
  const results = job.items.map((item) => ({
    id: item.id,
    result: item.bytes ? scanBuffer(rs, item.bytes, options, item.name) : scanFile(rs, item.path!, options),
  }));
  const reply: WorkerReply = { type: 'results', batch: job.batch, results };
  parentPort!.postMessage(reply);
});
