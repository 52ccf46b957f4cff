// Small helpers shared by the benchmark sections: argument parsing, timed child processes with a
// hard timeout, directory walking and number formatting. Plain Node, no dependencies.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export const MB = 1e6; // the bench reports decimal megabytes (MB/s = bytes / 1e6 / seconds)

/**
 * Parses the bench's command line. Unknown flags are an error so that a typo does not silently
 * run the full 10-minute benchmark with defaults.
 */
export function parseArgs(argv) {
  const opts = {
    quick: false,
    skipPeers: false,
    corpus: undefined, // --corpus DIR
    runs: undefined, // --runs N (timed repetitions; the best is reported)
    peerMb: undefined, // --peer-mb N (size of the subset the slow peers scan)
    peerTimeout: 600, // --peer-timeout SECONDS
    only: undefined, // --only a,b (run only these sections; corpus is always prepared)
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--quick': opts.quick = true; break;
      case '--skip-peers': opts.skipPeers = true; break;
      case '--corpus': opts.corpus = value(); break;
      case '--runs': opts.runs = positiveInt(a, value()); break;
      case '--peer-mb': opts.peerMb = positiveInt(a, value()); break;
      case '--peer-timeout': opts.peerTimeout = positiveInt(a, value()); break;
      case '--only': opts.only = value().split(',').map((s) => s.trim()).filter(Boolean); break;
      case '-h': case '--help': opts.help = true; break;
      default: throw new Error(`unknown argument: ${a} (try --help)`);
    }
  }
  return opts;
}

function positiveInt(flag, v) {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} wants a positive integer, got ${v}`);
  return n;
}

/** Process groups of the children still running, so that Ctrl-C does not leave them behind. */
const liveGroups = new Set();
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const pid of liveGroups) killGroup(pid);
    process.exit(130);
  });
}

function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL'); // the child was spawned detached: it leads its own group
  } catch {
    // already gone
  }
}

/**
 * Runs a command and measures its wall time from spawn to exit (process start-up included, as a
 * user would experience it). The child leads its own process group; on timeout the whole group is
 * killed, so a peer that forks workers cannot outlive the bench.
 *
 * Returns { code, signal, seconds, timedOut, stdout, stderr, stdoutBytes } where stdout/stderr are
 * kept only when asked (captureStdout) or as the last 64 KiB (stderr), to keep memory flat.
 * `drainStdout` pipes stdout and reads it to the end without keeping it (only its length, in
 * stdoutBytes): for commands whose output is the work (git cat-file, git log -p), is far too big
 * to keep, and must not go to /dev/null (some tools notice /dev/null and do less).
 */
export function runTimed(cmd, args, { cwd, env, timeoutSec = 0, captureStdout = false, drainStdout = false, input } = {}) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, {
      cwd,
      env: env ?? process.env,
      detached: true,
      stdio: [input === undefined ? 'ignore' : 'pipe', captureStdout || drainStdout ? 'pipe' : 'ignore', 'pipe'],
    });
    liveGroups.add(child.pid);
    let stdout = '';
    let stderr = '';
    let stdoutBytes = 0;
    if (captureStdout) child.stdout.on('data', (d) => { stdout += d; });
    else if (drainStdout) child.stdout.on('data', (d) => { stdoutBytes += d.length; });
    child.stderr.on('data', (d) => {
      stderr += d;
      if (stderr.length > 128 * 1024) stderr = stderr.slice(-64 * 1024);
    });
    if (input !== undefined) child.stdin.end(input);
    let timedOut = false;
    const timer = timeoutSec > 0
      ? setTimeout(() => { timedOut = true; killGroup(child.pid); }, timeoutSec * 1000)
      : undefined;
    const finish = (code, signal, error) => {
      const seconds = (performance.now() - t0) / 1000;
      clearTimeout(timer);
      liveGroups.delete(child.pid);
      if (error) stderr += `\n${error.message}`;
      resolve({ code, signal, seconds, timedOut, stdout, stderr, stdoutBytes: captureStdout ? Buffer.byteLength(stdout) : stdoutBytes });
    };
    child.on('error', (e) => finish(null, null, e)); // e.g. ENOENT: command not found
    child.on('close', (code, signal) => finish(code, signal));
  });
}

/** Synchronous, untimed helper for quick probes (`--help`, `--version`). */
export function probe(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024, ...opts });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

/** True if `cmd` can be found on PATH. */
export function hasCommand(cmd) {
  return probe('sh', ['-c', `command -v ${cmd}`]).code === 0;
}

/**
 * Yields { path, rel, size, mtimeMs } for every regular file below `root` (symlinks are not followed),
 * in a stable (sorted) order.
 */
export function* walkFiles(root, rel = '') {
  const dir = rel ? join(root, rel) : root;
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const r = rel ? join(rel, e.name) : e.name;
    if (e.isDirectory()) yield* walkFiles(root, r);
    else if (e.isFile()) {
      const st = statSync(join(root, r));
      yield { path: join(root, r), rel: r, size: st.size, mtimeMs: st.mtimeMs };
    }
  }
}

/** Total bytes and file count of a tree. */
export function treeStats(root) {
  let bytes = 0;
  let files = 0;
  for (const f of walkFiles(root)) {
    bytes += f.size;
    files++;
  }
  return { bytes, files };
}

/** Runs `fn` `runs` times (sequentially) and returns all results plus the fastest. */
export async function bestOf(runs, fn) {
  const all = [];
  for (let i = 0; i < runs; i++) all.push(await fn(i));
  const ok = all.filter((r) => r.ok);
  const best = ok.length ? ok.reduce((a, b) => (b.seconds < a.seconds ? b : a)) : all[all.length - 1];
  return { best, all };
}

/** Deterministic PRNG (mulberry32) so that subsets are the same on every machine. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const fmt = {
  mb: (bytes) => (bytes / MB).toFixed(1),
  s: (sec) => (sec < 10 ? sec.toFixed(2) : sec.toFixed(1)),
  rate: (mbps) => (mbps >= 100 ? mbps.toFixed(0) : mbps >= 10 ? mbps.toFixed(1) : mbps.toFixed(2)),
  x: (ratio) => `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(2)}x`,
};

/** Last `n` lines of a text, for error reports. */
export function tail(text, n = 15) {
  return text.trim().split('\n').slice(-n).join('\n');
}

export function log(msg = '') {
  process.stdout.write(`${msg}\n`);
}
