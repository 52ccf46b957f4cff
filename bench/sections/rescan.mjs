// Section "rescan": scanning an unchanged breach corpus a second time, into the same store.
//
// The corpus is ../shared/corpus/make-breach-corpus.mjs --scale 3000 (bare git repositories with
// history, branches and unreachable commits, plus a Jira export; ≈ 60 MB of repositories, ≈ 14k
// blobs), built once into ~/.cache/keyhole-bench/breach-3000. Two runs of
//   keyhole scan <corpus>/bitbucket <corpus>/jira --format json -o /dev/null --quiet --store <tmp>/k.db
// the first into a fresh store, the second over the same store:
//   keyhole-rescan-first   every blob scanned, provenance walked, everything saved
//   keyhole-rescan         nothing changed: each repository's findings recalled from the store
// One more run over the same store writes its JSON report to a file, to check that it scanned no blob
// (stats.files) and skipped every one (stats.blobsSkipped). The bar wants the rescan ≥ 10x faster.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { probeKeyhole } from '../lib/keyhole.mjs';
import { MB, fmt, hasCommand, log, runTimed, tail, treeStats } from '../lib/util.mjs';
import { KEYHOLE_OK } from './keyhole.mjs';

export const RESCAN_IDS = ['keyhole-rescan-first', 'keyhole-rescan'];
const SCALE = 3000;
const TIMEOUT_SEC = 1800;

export default {
  id: 'rescan',
  title: 'rescan of an unchanged breach corpus (incremental store)',
  async run(ctx) {
    if (!hasCommand('git')) return skipAll(ctx, 'git is not installed; the rescan section is skipped');
    const script = resolve(ctx.root, '..', 'shared', 'corpus', 'make-breach-corpus.mjs');
    if (!existsSync(script)) return skipAll(ctx, `${script} not found; the rescan section is skipped`);
    ctx.keyhole ??= probeKeyhole(ctx.root);
    const kh = ctx.keyhole;
    if (!kh.available) return skipAll(ctx, `keyhole CLI not usable: ${kh.reason}`);

    const corpus = join(homedir(), '.cache', 'keyhole-bench', `breach-${SCALE}`);
    const done = join(corpus, '.bench-complete');
    if (!existsSync(done)) {
      log(`  building the breach corpus (--scale ${SCALE}) into ${corpus} ...`);
      rmSync(corpus, { recursive: true, force: true });
      const b = await runTimed(process.execPath, [script, '--out', corpus, '--scale', String(SCALE)], { timeoutSec: TIMEOUT_SEC });
      if (b.code !== 0) return skipAll(ctx, `the breach corpus could not be built: ${tail(b.stderr, 4)}`);
      writeFileSync(done, `${new Date().toISOString()}\n`);
      log(`    built in ${fmt.s(b.seconds)} s`);
    } else log(`  corpus: ${corpus} (cached)`);
    const inputs = [join(corpus, 'bitbucket'), join(corpus, 'jira')];
    const bytes = inputs.reduce((n, d) => n + treeStats(d).bytes, 0);
    const tmp = mkdtempSync(join(ctx.tmp, 'rescan-'));
    const store = join(tmp, 'k.db');
    const args = (output) => [kh.cli, 'scan', ...inputs, '--format', 'json', '-o', output, '--quiet', '--store', store];

    const timed = async (id, label, output = '/dev/null') => {
      const r = await runTimed(process.execPath, args(output), { cwd: tmp, timeoutSec: TIMEOUT_SEC });
      const ok = !r.timedOut && KEYHOLE_OK.includes(r.code);
      log(`  ${label}: ${fmt.s(r.seconds)} s (${ok ? `exit ${r.code}` : `FAILED exit ${r.code ?? r.signal}`})`);
      if (!ok) {
        log(tail(r.stderr, 8));
        ctx.skipped[id] = `keyhole failed (exit ${r.code ?? r.signal})`;
        return undefined;
      }
      ctx.results[id] = { label, data: `breach-${SCALE}`, bytes, files: 0, seconds: r.seconds, mbps: bytes / MB / r.seconds, runs: [{ ok, seconds: r.seconds, code: r.code }] };
      return r;
    };
    try {
      if (!(await timed('keyhole-rescan-first', 'keyhole first scan (fresh store)'))) return;
      if (!(await timed('keyhole-rescan', 'keyhole rescan (unchanged)'))) return;
      // Untimed: the same rescan once more, its report kept to see what it read.
      const report = join(tmp, 'rescan.json');
      const check = await runTimed(process.execPath, args(report), { cwd: tmp, timeoutSec: TIMEOUT_SEC });
      const first = ctx.results['keyhole-rescan-first'];
      const again = ctx.results['keyhole-rescan'];
      let stats;
      try {
        stats = JSON.parse(readFileSync(report, 'utf8')).stats;
      } catch (e) {
        log(`  could not read the rescan's report (exit ${check.code}): ${e.message}`);
      }
      const speedup = first.seconds / again.seconds;
      again.scannedBlobs = stats?.files;
      again.blobsSkipped = stats?.blobsSkipped;
      again.reposUnchanged = stats?.reposUnchanged;
      ctx.rescan = { corpus, scale: SCALE, firstSeconds: first.seconds, rescanSeconds: again.seconds, speedup, stats };
      log(`  first ${fmt.s(first.seconds)} s, rescan ${fmt.s(again.seconds)} s: ${fmt.x(speedup)} faster; ` +
        `rescan scanned ${stats?.files ?? '?'} blobs, skipped ${stats?.blobsSkipped ?? '?'}, ${stats?.reposUnchanged ?? 0} repositories unchanged`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  },
};

function skipAll(ctx, why) {
  log(`  SKIP: ${why}`);
  for (const id of RESCAN_IDS) ctx.skipped[id] = why;
}
