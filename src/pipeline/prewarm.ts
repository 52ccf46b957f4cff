// Scan workers started before the coordinator has loaded anything: each worker's start-up (loading its
// modules, about a tenth of a second) then overlaps the coordinator's own instead of following it, and
// the first batch finds its workers ready. A prewarmed worker waits for its rules (an `init` message from the pool) and does not keep the
// process alive until the pool takes it.
import { Worker } from 'node:worker_threads';
import { workerUrl } from '../core/assets.js';

const WORKER = workerUrl('pipeline/worker');

interface Spare {
  worker: Worker;
  /** An error the worker raised before the pool took it (reported by the pool). */
  error?: Error;
}

let spare: Spare[] = [];

/** Worker threads a pool of `jobs` scanners starts: the coordinator's thread is the last of them (pool.ts). */
export function workerThreads(jobs: number): number {
  return Math.max(0, jobs - 1);
}

export function prewarmWorkers(n: number): void {
  while (spare.length < n) {
    const s: Spare = { worker: new Worker(WORKER) };
    s.worker.on('error', (err) => (s.error ??= err));
    s.worker.unref();
    spare.push(s);
  }
}

/** n workers for a pool: the prewarmed ones first (any left over are stopped), then new ones. */
export function takeWorkers(n: number): Worker[] {
  const got = spare.splice(0, n);
  for (const s of spare) void s.worker.terminate();
  spare = [];
  const workers = got.map((s) => {
    s.worker.ref();
    if (s.error) {
      // Raise it again for the pool's handler, once that is attached.
      const err = s.error;
      setImmediate(() => s.worker.emit('error', err));
    }
    return s.worker;
  });
  while (workers.length < n) workers.push(new Worker(WORKER));
  return workers;
}

/** Stops prewarmed workers no pool took (a rescan that found nothing new to read). */
export function releaseWorkers(): void {
  for (const s of spare) void s.worker.terminate();
  spare = [];
}
