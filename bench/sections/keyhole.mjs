// Section "keyhole": the scanner under test, on one core (--jobs 1) and on all cores
// (--jobs os.availableParallelism()), over the corpus. Also over the peers' subset, so the peer
// comparison can be read on identical data as well (start-up weighs more there).
//
// Exit codes: 0 = clean, 1 = findings (both fine), 2 = error.
import { readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { probeKeyhole } from '../lib/keyhole.mjs';
import { measure } from '../lib/measure.mjs';
import { fmt, log, runTimed, tail } from '../lib/util.mjs';

export const KEYHOLE_OK = [0, 1];

/** The scan command line the bench uses everywhere (plus extra flags). */
export function scanArgs(ctx, dir, jobs, extra = []) {
  return [ctx.keyhole.cli, 'scan', dir, '--format', 'json', '--output', '/dev/null', '--quiet', '--no-ignore', '--jobs', String(jobs), ...noStore(ctx), ...extra];
}

/** Throughput runs scan from scratch every time: no store (which would make repeats incremental). */
export function noStore(ctx) {
  return ctx.keyhole?.hasFlag('--no-store') ? ['--no-store'] : [];
}

export default {
  id: 'keyhole',
  title: 'keyhole',
  async run(ctx) {
    ctx.keyhole ??= probeKeyhole(ctx.root);
    const kh = ctx.keyhole;
    const ids = ['keyhole-1', 'keyhole-all', 'keyhole-all-subset'];
    if (!kh.available) {
      log(`  SKIP: keyhole CLI not usable: ${kh.reason}`);
      for (const id of ids) ctx.skipped[id] = `keyhole CLI not usable: ${kh.reason}`;
      return;
    }
    const missing = ['--format', '--output', '--quiet', '--no-ignore', '--jobs'].filter((f) => !kh.hasFlag(f));
    if (missing.length) log(`  warning: \`keyhole scan --help\` does not mention ${missing.join(', ')}; trying anyway`);

    const cores = availableParallelism();
    await coverageCheck(ctx, cores);
    const common = { cmd: process.execPath, cwd: ctx.root, okCodes: KEYHOLE_OK };
    await measure(ctx, 'keyhole-1', {
      ...common, label: 'keyhole --jobs 1', target: ctx.corpus, args: scanArgs(ctx, ctx.corpus.dir, 1),
    });
    await measure(ctx, 'keyhole-all', {
      ...common, label: `keyhole --jobs ${cores} (all cores)`, target: ctx.corpus, args: scanArgs(ctx, ctx.corpus.dir, cores),
    });
    if (ctx.peerSubset) {
      await measure(ctx, 'keyhole-all-subset', {
        ...common, label: `keyhole --jobs ${cores} (peer subset)`, target: ctx.peerSubset, args: scanArgs(ctx, ctx.peerSubset.dir, cores),
      });
    } else {
      ctx.skipped['keyhole-all-subset'] = 'peers skipped';
    }
  },
};

/**
 * One untimed all-cores run with the JSON report written to a file, to check that keyhole really
 * read the whole corpus (its report's `stats`: files, bytes, skipped) — a scanner that skips files
 * would otherwise look fast. Also records the number of findings.
 */
async function coverageCheck(ctx, cores) {
  const target = ctx.corpus;
  const report = join(ctx.tmp, 'keyhole-report.json');
  const r = await runTimed(process.execPath, scanArgs(ctx, target.dir, cores).map((a) => (a === '/dev/null' ? report : a)), { cwd: ctx.root });
  if (!KEYHOLE_OK.includes(r.code)) {
    log(`  coverage check: keyhole exited ${r.code}`);
    log(tail(r.stderr, 12));
    ctx.notes.push(`keyhole coverage check failed (exit ${r.code})`);
    return;
  }
  try {
    const rep = JSON.parse(readFileSync(report, 'utf8'));
    const stats = rep.stats ?? {};
    ctx.keyholeCoverage = { ...stats, findings: Array.isArray(rep.findings) ? rep.findings.length : undefined };
    log(`  coverage check (untimed, ${fmt.s(r.seconds)} s): keyhole read ${stats.files} files, ${fmt.mb(stats.bytes ?? 0)} MB; ` +
      `skipped binary ${stats.binarySkipped}, too large ${stats.tooLargeSkipped}, errors ${stats.errors}; ${ctx.keyholeCoverage.findings} findings`);
    if (stats.bytes !== undefined && stats.bytes < target.bytes) {
      const msg = `keyhole scanned ${stats.bytes} of the corpus' ${target.bytes} bytes (${stats.files} of ${target.files} files): its MB/s is overstated`;
      ctx.notes.push(msg);
      log(`  warning: ${msg}`);
    }
  } catch (e) {
    log(`  coverage check: could not read the report (${e.message})`);
  } finally {
    rmSync(report, { force: true });
  }
}
