// Runs scan work on worker threads and this thread (or on this thread alone for --jobs 1): files claimed
// from a shared list, bytes handed over in batches.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { newProfile, type RuleProfile } from '../detect/engine.js';
import { buildRuleSet, type LoadedRule, type RuleSet } from '../rules/compile.js';
import { takeWorkers, workerThreads } from './prewarm.js';
import type { WorkerJob, WorkerReply, WorkItem } from './protocol.js';
import { scanBuffer, scanFile, type FileResult, type FileScanOptions } from './scan-file.js';

export interface Pool {
  /** Queues items; resolves when there is room for more (backpressure). */
  submit(items: WorkItem[], onResult: (id: number, r: FileResult) => void): Promise<void>;
  /**
   * Waits for everything submitted. Once `signal` is aborted (an interrupted scan), files nobody has
   * claimed yet are dropped unscanned, and only what is being scanned is waited for.
   */
  drain(signal?: AbortSignal): Promise<void>;
  /** How many items this thread scanned itself, and how many went to worker threads. */
  counts(): { here: number; workers: number };
  /** Per-rule timings summed over all workers (only when created with profile). */
  profile(): Promise<RuleProfile | undefined>;
  close(): Promise<void>;
}

export interface PoolOptions {
  jobs: number;
  rules: LoadedRule[];
  /** The rules compiled on this thread already (the scan's own rule set): this thread's scanning uses it. */
  ruleSet?: RuleSet;
  scan: FileScanOptions;
  profile: boolean;
  /** Published files this thread leaves unclaimed for the workers while the walk goes on (default BACKLOG). */
  backlog?: number;
}

/** Scans items on this thread (the coordinator's): all of them for --jobs 1, a share of them otherwise. */
interface InlineScanner {
  /** Scans an item; false, having done nothing, for a file over `deferAbove` bytes. */
  scan(item: WorkItem, onResult: (id: number, r: FileResult) => void, deferAbove?: number): boolean;
  prof: RuleProfile | undefined;
}

function inlineScanner(opts: PoolOptions): InlineScanner {
  // Regexes compile on first use, as in the workers: most rules never meet a keyword in a given scan.
  const rs = opts.ruleSet ?? buildRuleSet(opts.rules, { lazy: true });
  const prof = opts.profile ? newProfile(rs.rules.length) : undefined;
  const scan: FileScanOptions = { ...opts.scan, ...(prof ? { profile: prof } : {}) };
  return {
    prof,
    scan(it, onResult, deferAbove = Infinity) {
      if (it.bytes && it.bytes.length > deferAbove) return false;
      const r = it.bytes ? scanBuffer(rs, it.bytes, scan, it.name) : scanFile(rs, it.path!, scan, deferAbove);
      if (!r) return false;
      onResult(it.id, r);
      return true;
    },
  };
}

/** How long this thread scans before it looks whether a worker can take the rest of a batch. */
const INLINE_SLICE_MS = 10;
/** Files larger than this are not scanned on this thread while workers run (~5 ms of scanning). */
const INLINE_MAX_BYTES = 1 << 20;

/** Lets pending messages (worker results, signals) in between two batches scanned on this thread. */
const turn = (): Promise<void> => new Promise<void>((r) => setImmediate(r));

function inlinePool(opts: PoolOptions): Pool {
  const inline = inlineScanner(opts);
  let here = 0;
  return {
    async submit(items, onResult) {
      for (const it of items) inline.scan(it, onResult);
      here += items.length;
      await turn();
    },
    counts: () => ({ here, workers: 0 }),
    async drain() {},
    async profile() {
      return inline.prof;
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

/** A published file and where its result goes. */
type Published = { item: WorkItem; onResult: (id: number, r: FileResult) => void };

/** Files this thread leaves unclaimed for the workers while the walk goes on (~45 ms of a worker's work). */
const BACKLOG = 384;

/**
 * `jobs` scanners: jobs - 1 worker threads, and this thread. The coordinator's own work (walking,
 * collecting results) leaves it idle most of the time; a worker more would cost its start-up (~0.15 s
 * of CPU: Node's bootstrap, the modules, the rules) and the copying of its results, and contend with
 * the rest for the cores.
 *
 * Files (paths) are shared, not handed out: every file the walk finds is published to every worker,
 * and each thread claims the next unclaimed one from a counter in shared memory. A worker never waits
 * for this thread to hand it work (this thread may be busy for 100 ms with a large file of its own),
 * and at the end both run out of files together. This thread claims files only while more than
 * BACKLOG stay unclaimed during the walk, and gives a file over 1 MB it claimed back to the end of the
 * list then (the walk must go on meanwhile); at the end it claims whatever is left.
 * Bytes (git blobs, archive members) are handed to the workers in batches, a few queued per worker
 * (their buffers move to the worker: they are not shared), and scanned here while those queues are full.
 */
export function createPool(opts: PoolOptions): Pool {
  if (opts.jobs <= 1) return inlinePool(opts);
  // Workers need the rules, not their examples (private keys and long tokens): less to copy to each.
  const rules = opts.rules.map((r) => ({ ...r, spec: { ...r.spec, examples: [], negative_examples: [] } }));
  const workers = takeWorkers(workerThreads(opts.jobs));
  let inline: InlineScanner | undefined;
  let here = 0;
  let sent = 0;
  // [0]: the index of the next published file to claim.
  const next = new Int32Array(new SharedArrayBuffer(4));
  const backlog = opts.backlog ?? BACKLOG;
  for (const w of workers) w.postMessage({ type: 'init', rules, options: opts.scan, profile: opts.profile, claims: next.buffer as SharedArrayBuffer } satisfies WorkerJob);
  // Published files by index (an entry is cleared once its result is in).
  const files: (Published | undefined)[] = [];
  let filesDone = 0;
  const inFlight = new Map<Worker, number>(workers.map((w) => [w, 0]));
  const handlers = new Map<number, (id: number, r: FileResult) => void>();
  // Batches of bytes queued per worker: enough that a worker does not run dry while this thread scans a batch.
  const perWorker = 4;
  let batchSeq = 0;
  let waiters: (() => void)[] = [];
  let failure: Error | undefined;
  const wake = (): void => {
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  const fileDone = (index: number, r: FileResult): void => {
    const f = files[index]!;
    files[index] = undefined;
    filesDone++;
    f.onResult(f.item.id, r);
  };
  for (const w of workers) {
    w.on('message', (msg: WorkerReply) => {
      if (msg.type === 'claimed') {
        for (const { index, result } of msg.results) fileDone(index, result);
        for (let p = 0; p < msg.plain.length; p += 2) fileDone(msg.plain[p]!, { status: 'ok', bytes: msg.plain[p + 1]!, matches: [] });
        sent += msg.results.length + msg.plain.length / 2;
        wake();
        return;
      }
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

  const publish = (list: Published[]): void => {
    if (!list.length) return;
    const base = files.length;
    for (const f of list) files.push(f);
    const job: WorkerJob = { type: 'publish', base, paths: list.map((f) => f.item.path!) };
    for (const w of workers) w.postMessage(job);
  };
  const claim = (): number => {
    for (;;) {
      const c = Atomics.load(next, 0);
      if (c >= files.length) return -1;
      if (Atomics.compareExchange(next, 0, c, c + 1) === c) return c;
    }
  };
  /**
   * Claims and scans published files on this thread for a slice of time: during the walk while more than
   * BACKLOG stay unclaimed (a large file goes back to the end of the list), at the end (`all`) any.
   */
  const claimHere = (all: boolean): void => {
    inline ??= inlineScanner(opts);
    const t0 = performance.now();
    const back: Published[] = [];
    while (performance.now() - t0 < INLINE_SLICE_MS && (all || files.length - Atomics.load(next, 0) > backlog)) {
      const c = claim();
      if (c < 0) break;
      const f = files[c]!;
      if (inline.scan(f.item, (_id, r) => fileDone(c, r), all ? Infinity : INLINE_MAX_BYTES)) {
        here++;
        continue;
      }
      files[c] = undefined;
      filesDone++;
      back.push(f);
    }
    publish(back);
  };

  /** Claims, at once, every file nobody has claimed yet: the index of the first (files.length: none left). */
  const claimRest = (): number => {
    const end = files.length;
    let c = Atomics.load(next, 0);
    while (c < end) {
      const was = Atomics.compareExchange(next, 0, c, end);
      if (was === c) break;
      c = was;
    }
    return c;
  };

  /** Takes back every file nobody has claimed, and counts it done without a result (an interrupted scan). */
  const abandon = (): void => {
    const end = files.length;
    for (let i = claimRest(); i < end; i++) {
      files[i] = undefined;
      filesDone++;
    }
  };

  /**
   * The walk is over: the files nobody has claimed yet are published again, largest first (a stat each,
   * a few hundred), so that the scan ends on small files. A large file claimed last held one thread for
   * up to 0.1 s after the other had run out.
   */
  const largestFirst = (): void => {
    // Sizes first, while the workers go on claiming (a few hundred stats take this thread ~10 ms);
    // then whatever is still unclaimed is taken back in one step and published again in size order.
    const end = files.length;
    const from = Atomics.load(next, 0);
    if (from >= end) return;
    const sizes = new Float64Array(end - from);
    for (let i = from; i < end; i++) {
      const f = files[i];
      if (!f || Atomics.load(next, 0) > i) continue;
      try {
        sizes[i - from] = fs.statSync(f.item.path!).size;
      } catch {
        // unreadable: its scan reports why
      }
    }
    const c = claimRest();
    if (c >= end) return;
    const rest: { f: Published; size: number }[] = [];
    for (let i = c; i < end; i++) {
      rest.push({ f: files[i]!, size: sizes[i - from]! });
      files[i] = undefined;
      filesDone++;
    }
    rest.sort((a, b) => b.size - a.size);
    publish(rest.map((r) => r.f));
  };

  /** Hands bytes to the workers in batches (scanned here while every worker's queue is full). */
  const pushBytes = async (items: WorkItem[], onResult: (id: number, r: FileResult) => void): Promise<void> => {
    let rest = items;
    // Large buffers this thread left to the workers.
    const large: WorkItem[] = [];
    for (;;) {
      if (failure) throw failure;
      const w = idle();
      if (w) {
        if (large.length) rest = large.concat(rest);
        const batch = ++batchSeq;
        handlers.set(batch, onResult);
        inFlight.set(w, inFlight.get(w)! + 1);
        const transfer = rest.flatMap((it) => (it.bytes && it.bytes.byteOffset === 0 && it.bytes.byteLength === it.bytes.buffer.byteLength ? [it.bytes.buffer as ArrayBuffer] : []));
        const job: WorkerJob = { type: 'scan', batch, items: rest };
        w.postMessage(job, transfer);
        sent += rest.length;
        return;
      }
      // Every worker has its queue full: this thread scans items itself, for a slice of time at most
      // (a worker must not run dry meanwhile), then lets the workers' results in and looks again.
      // Large buffers are left to the workers while there are small ones: one would hold this thread
      // past its slice.
      inline ??= inlineScanner(opts);
      const t0 = performance.now();
      let i = 0;
      while (i < rest.length && performance.now() - t0 < INLINE_SLICE_MS) {
        const it = rest[i++]!;
        if (inline.scan(it, onResult, INLINE_MAX_BYTES)) here++;
        else large.push(it);
      }
      rest = rest.slice(i);
      if (rest.length === 0 && large.length === 0) return;
      // Only large buffers left and the workers still busy: this thread takes one rather than wait.
      if (rest.length === 0 && performance.now() - t0 < INLINE_SLICE_MS) {
        inline.scan(large.shift()!, onResult);
        here++;
        if (large.length === 0) return;
      }
      await turn();
    }
  };

  return {
    async submit(items, onResult) {
      if (failure) throw failure;
      publish(items.filter((it) => !it.bytes).map((item) => ({ item, onResult })));
      const bytes = items.filter((it) => it.bytes);
      if (bytes.length) await pushBytes(bytes, onResult);
      claimHere(false);
      // Lets the workers' results in.
      await turn();
    },
    counts: () => ({ here, workers: sent }),
    async drain(signal) {
      if (!signal?.aborted) largestFirst();
      for (;;) {
        if (failure) throw failure;
        if (signal?.aborted) abandon();
        if (Atomics.load(next, 0) < files.length) {
          claimHere(true);
          await turn();
          continue;
        }
        if (filesDone === files.length && total() === 0) return;
        await new Promise<void>((r) => waiters.push(r));
      }
    },
    async profile() {
      if (!opts.profile) return undefined;
      const sum = newProfile(opts.rules.length);
      if (inline?.prof) addProfiles(sum, inline.prof);
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
      // Not waited for: a worker's isolate takes ~20 ms to tear down, which the report need not wait
      // behind; unreferenced, the workers do not hold the process open meanwhile.
      for (const w of workers) {
        w.unref();
        void w.terminate();
      }
    },
  };
}
