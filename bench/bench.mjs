#!/usr/bin/env node
// keyhole's throughput benchmark. Run with `npm run bench` (which builds first), or directly:
//
//   node bench/bench.mjs [--quick] [--skip-peers] [--corpus DIR] [--runs N] [--peer-mb N]
//                        [--peer-timeout SECONDS] [--only SECTION,...]
//
// It measures, on ≈380 MB of real source text from npm packages (built once into
// ~/.cache/keyhole-bench/corpus), how keyhole's MB/s compares with
//   * floors: reading every file in Node, and `rg -F -i` with keyhole's keyword list;
//   * peers (on a 20 MB subset): gitleaks 8.28 compiled to WASM, and secretlint;
// prints the ten most expensive rules from `keyhole scan --profile`, and, on a git repository of
// successive npm releases (≈500 MB of blobs, ~/.cache/keyhole-bench/history), compares keyhole's full
// history scan with `git cat-file --batch-all-objects --batch` and `git log -p -U0 --all`; checks
// "the bar" (PASS/FAIL) and writes everything to bench/results/latest.json.
//
// The work is split into sections (bench/sections/*.mjs), each `{ id, title, run(ctx) }`, run in
// order over one shared context; add a section by appending it to SECTIONS.
// All timings are wall time of a child process (start-up included), warm page cache, best of N.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarise, writeJson } from './lib/report.mjs';
import { log, parseArgs, walkFiles } from './lib/util.mjs';
import corpus from './sections/corpus.mjs';
import floors from './sections/floors.mjs';
import history from './sections/history.mjs';
import keyhole from './sections/keyhole.mjs';
import peers from './sections/peers.mjs';
import rescan from './sections/rescan.mjs';
import profile from './sections/rule-profile.mjs';

const SECTIONS = [corpus, floors, keyhole, peers, profile, history, rescan];

const HELP = `usage: node bench/bench.mjs [options]   (or: npm run bench -- [options])

  --quick               smoke run: a 30 MB corpus, 5 MB peer subset, a 60 MB git history, one run each
  --skip-peers          do not run gitleaks-wasm and secretlint
  --corpus DIR          corpus directory (default ~/.cache/keyhole-bench/corpus; built there if
                        absent; an existing directory without a bench manifest is used as-is)
  --runs N              timed runs per contestant, best reported (default 3; --quick and peers: 1)
  --peer-mb N           size of the peers' subset in MB (default 20; --quick: 5)
  --peer-timeout S      kill a peer run after S seconds, reported as "> S s" (default 600)
  --only A,B            run only these sections (${SECTIONS.filter((s) => !s.always).map((s) => s.id).join(', ')}); corpus always runs
  -h, --help            this text

Results: stdout, and bench/results/latest.json.`;

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    log(HELP);
    return;
  }
  const benchDir = dirname(fileURLToPath(import.meta.url));
  const root = resolve(benchDir, '..');
  const tmp = mkdtempSync(join(tmpdir(), 'keyhole-bench-'));
  const ctx = {
    opts,
    root,
    tmp,
    readAllScript: join(benchDir, 'lib', 'read-all.mjs'),
    runs: opts.runs ?? (opts.quick ? 1 : 3),
    results: {}, // id → measurement (see lib/measure.mjs)
    skipped: {}, // id → reason
    notes: [],
  };
  const started = new Date();
  log(`keyhole bench — ${started.toISOString()}${opts.quick ? '  (--quick)' : ''}`);
  log(`machine: ${cpus()[0]?.model ?? 'unknown cpu'}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  // Other work on the machine skews every figure (with 2 cores, one busy core halves "all cores").
  const loadAtStart = loadavg()[0];
  if (loadAtStart > 0.5) {
    const msg = `the machine was busy when the bench started (1-minute load average ${loadAtStart.toFixed(2)}): figures may be low`;
    log(`warning: ${msg}`);
    ctx.notes.push(msg);
  }

  const buildAtStart = buildStamp(root);
  try {
    for (const section of SECTIONS) {
      if (opts.only && !section.always && !opts.only.includes(section.id)) continue;
      log('');
      log(`== ${section.title}`);
      await section.run(ctx);
    }
    if (buildStamp(root) !== buildAtStart) {
      ctx.notes.push('dist/ changed while the bench ran (keyhole was rebuilt): the keyhole figures mix two builds');
    }
    const { bar, info } = summarise(ctx);
    const out = join(benchDir, 'results', 'latest.json');
    writeJson(out, {
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      options: opts,
      machine: {
        cpu: cpus()[0]?.model, cores: availableParallelism(), memGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version, platform: process.platform, loadAvgAtStart: loadAtStart, loadAvgAtEnd: loadavg()[0],
      },
      commit: gitCommit(root),
      keyhole: ctx.keyhole ? { available: ctx.keyhole.available, version: ctx.keyhole.version, reason: ctx.keyhole.reason } : undefined,
      rg: ctx.rgVersion,
      keywords: ctx.keywords,
      keyholeCoverage: ctx.keyholeCoverage,
      corpus: ctx.corpus,
      fullCorpus: ctx.fullCorpus,
      peerSubset: ctx.peerSubset,
      runsPerContestant: ctx.runs,
      results: ctx.results,
      skipped: ctx.skipped,
      ratios: info,
      bar,
      profile: ctx.profile,
      historyRepo: ctx.historyRepo,
      historyCheck: ctx.historyCheck,
      rescan: ctx.rescan,
      notes: ctx.notes,
    });
    log('');
    log(`saved ${out}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Newest mtime under dist/: if it moves during the run, keyhole was rebuilt under our feet. */
function buildStamp(root) {
  const dist = join(root, 'dist');
  if (!existsSync(dist)) return 0;
  let newest = 0;
  for (const f of walkFiles(dist)) newest = Math.max(newest, f.mtimeMs);
  return newest;
}

function gitCommit(root) {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e.stack ?? e}\n`);
  process.exit(2);
});
