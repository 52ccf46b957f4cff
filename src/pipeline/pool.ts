// Runs scan work on worker threads (or inline for --jobs 1), with a bounded number of batches in flight.
import type { Worker } from 'node:worker_threads';
import { newProfile, type RuleProfile } from '../detect/engine.js';
import { buildRuleSet, type LoadedRule } from '../rules/compile.js';
import { takeWorkers } from './prewarm.js';
import type { WorkerJob, WorkerReply, WorkItem } from './protocol.js';
import { scanBuffer, scanFile, type FileResult, type FileScanOptions } from './scan-file.js';

export interface Pool {
  /** Queues items; resolves when there is room for more (backpressure). */
  submit(items: WorkItem[], onResult: (id: number, r: FileResult) => void): Promise<void>;
  /** Waits for everything submitted. */
  drain(): Promise<void>;
  /** Per-rule timings summed over all workers (only when created with profile). */
  profile(): Promise<RuleProfile | undefined>;
  close(): Promise<void>;
}

export interface PoolOptions {
  jobs: number;
  rules: LoadedRule[];
  scan: FileScanOptions;
  profile: boolean;
}

function inlinePool(opts: PoolOptions): Pool {
  const rs = buildRuleSet(opts.rules);
  const prof = opts.profile ? newProfile(rs.rules.length) : undefined;
  const scan: FileScanOptions = { ...opts.scan, ...(prof ? { profile: prof } : {}) };
  return {
    async submit(items, onResult) {
      for (const it of items) onResult(it.id, it.bytes ? scanBuffer(rs, it.bytes, scan, it.name) : scanFile(rs, it.path!, scan));
      await new Promise<void>((r) => setImmediate(r));
    },
    async drain() {},
    async profile() {
      return prof;
    },
    async close() {},
  };
}

function addProfiles(into: RuleProfile, p: RuleProfile): void {
  for (let i = 0; i < into.ms.length; i++) {
    into.ms[i]! += p.ms[i]!;
    into.runs[i]! += p.runs[i]!;
    into.matches[i]! += p.matches[i]!;
  }
  into.prefilterMs += p.prefilterMs;
  into.decodeMs += p.decodeMs;
}

export function createPool(opts: PoolOptions): Pool {
  if (opts.jobs <= 1) return inlinePool(opts);
  // Workers need the rules, not their examples (private keys and long tokens): less to copy to each.
  const rules = opts.rules.map((r) => ({ ...r, spec: { ...r.spec, examples: [], negative_examples: [] } }));
  const workers = takeWorkers(opts.jobs);
  for (const w of workers) w.postMessage({ type: 'init', rules, options: opts.scan, profile: opts.profile } satisfies WorkerJob);
  const inFlight = new Map<Worker, number>(workers.map((w) => [w, 0]));
  const handlers = new Map<number, (id: number, r: FileResult) => void>();
  const perWorker = 2;
  let batchSeq = 0;
  let waiters: (() => void)[] = [];
  let failure: Error | undefined;
  const wake = (): void => {
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  for (const w of workers) {
    w.on('message', (msg: WorkerReply) => {
      if (msg.type !== 'results') return;
      const h = handlers.get(msg.batch);
      handlers.delete(msg.batch);
      // In the order of the batch's items (ids ascend in both lists).
      const { results, plain } = msg;
      let r = 0;
      let p = 0;
      while (r < results.length || p < plain.length) {
        if (p >= plain.length || (r < results.length && results[r]!.id < plain[p]!)) {
          h?.(results[r]!.id, results[r]!.result);
          r++;
        } else {
          h?.(plain[p]!, { status: 'ok', bytes: plain[p + 1]!, matches: [] });
          p += 2;
        }
      }
      inFlight.set(w, inFlight.get(w)! - 1);
      wake();
    });
    w.on('error', (err) => {
      failure = err;
      wake();
    });
  }
  const idle = (): Worker | undefined => {
    let best: Worker | undefined;
    for (const [w, n] of inFlight) if (n < perWorker && (!best || n < inFlight.get(best)!)) best = w;
    return best;
  };
  const total = (): number => [...inFlight.values()].reduce((a, b) => a + b, 0);
  return {
    async submit(items, onResult) {
      for (;;) {
        if (failure) throw failure;
        const w = idle();
        if (w) {
          const batch = ++batchSeq;
          handlers.set(batch, onResult);
          inFlight.set(w, inFlight.get(w)! + 1);
          const transfer = items.flatMap((it) => (it.bytes && it.bytes.byteOffset === 0 && it.bytes.byteLength === it.bytes.buffer.byteLength ? [it.bytes.buffer as ArrayBuffer] : []));
          const job: WorkerJob = { type: 'scan', batch, items };
          w.postMessage(job, transfer);
          return;
        }
        await new Promise<void>((r) => waiters.push(r));
      }
    },
    async drain() {
      while (total() > 0) {
        if (failure) throw failure;
        await new Promise<void>((r) => waiters.push(r));
      }
    },
    async profile() {
      if (!opts.profile) return undefined;
      const sum = newProfile(opts.rules.length);
      for (const w of workers) {
        const p = await new Promise<RuleProfile>((resolve) => {
          const on = (msg: WorkerReply): void => {
            if (msg.type === 'profile') {
              w.off('message', on);
              resolve(msg.profile);
            }
          };
          w.on('message', on);
          w.postMessage({ type: 'profile' } satisfies WorkerJob);
        });
        addProfiles(sum, p);
      }
      return sum;
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
