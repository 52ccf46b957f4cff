// Section "history": scanning a repository's whole git history.
//
// The repository (bench/lib/history-repo.mjs) holds successive releases of typescript, three, rxjs
// and lodash, one commit each (≈ 500 MB of blobs across history, ≈ 60 MB with --quick), bare and
// packed. Every contestant reads that one repository; MB/s is the total size of its blobs (each
// distinct blob once, as `git cat-file --batch-check` lists them) over wall time:
//   git-cat-file          `git cat-file --batch-all-objects --batch`: every object inflated once —
//                         the floor for anything that reads the whole object database
//   git-log-p             `git log -p -U0 --all`: what gitleaks (`gitleaks git`) reads before it
//                         scans a byte
//   keyhole-history-all   `keyhole scan REPO` (all cores): every object once, then provenance
//                         (commit, author, path, refs) for the blobs with findings
//   keyhole-history-1     the same with --jobs 1
// git's output is piped into the bench and read to the end (not sent to /dev/null).
// One untimed keyhole run beforehand writes its JSON report to a file, to check what it read
// (report stats against the blob total) and that its locations carry git provenance.
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import { join } from 'node:path';
import { ensureHistoryRepo } from '../lib/history-repo.mjs';
import { probeKeyhole } from '../lib/keyhole.mjs';
import { measure } from '../lib/measure.mjs';
import { MB, fmt, hasCommand, log, probe, runTimed, tail } from '../lib/util.mjs';
import { KEYHOLE_OK, noStore } from './keyhole.mjs';

export const HISTORY_IDS = ['git-cat-file', 'git-log-p', 'keyhole-history-all', 'keyhole-history-1'];
const TIMEOUT_SEC = 1800; // per timed run

export default {
  id: 'history',
  title: 'git history (git cat-file, git log -p, keyhole on a repository)',
  async run(ctx) {
    if (!hasCommand('git')) return skipAll(ctx, 'git is not installed (apt-get install -y git); the history section is skipped');
    if (!hasCommand('npm')) return skipAll(ctx, 'npm is not on PATH (needed to fetch the packages); the history section is skipped');

    const variant = ctx.opts.quick ? 'quick' : 'full';
    const cacheRoot = join(homedir(), '.cache', 'keyhole-bench', 'history');
    let repo;
    try {
      repo = await ensureHistoryRepo(cacheRoot, variant);
    } catch (e) {
      return skipAll(ctx, `the history repository could not be built: ${e.message.split('\n').slice(0, 4).join(' | ')}`);
    }
    const m = repo.manifest;
    ctx.historyRepo = {
      dir: repo.dir, variant, reused: repo.reused, head: m.head, commits: m.commits, blobs: m.blobs, blobBytes: m.blobBytes,
      binaryBlobs: m.binaryBlobs, binaryBlobBytes: m.binaryBlobBytes,
      objects: m.objects, objectBytes: m.objectBytes, packBytes: m.packBytes, buildSeconds: m.buildSeconds, specs: m.specs,
    };
    log(`  repository: ${repo.dir}${repo.reused ? ' (cached)' : ''}`);
    log(`    ${m.commits} commits, ${m.blobs} blobs, ${fmt.mb(m.blobBytes)} MB of blobs (${m.binaryBlobs} binary, ` +
      `${fmt.mb(m.binaryBlobBytes)} MB); ${fmt.mb(m.objectBytes)} MB in all ${m.objects} objects; pack ${fmt.mb(m.packBytes)} MB`);
    if (!ctx.opts.quick && m.blobBytes < 300 * MB) log('  note: under 300 MB of blobs; figures will be noisier');

    const target = { name: `git-${variant}`, dir: repo.dir, bytes: m.blobBytes, files: m.blobs, textBytes: m.blobBytes - m.binaryBlobBytes };
    warmPack(repo.dir);
    log(`  ${probe('git', ['--version']).stdout.trim()}; pack files in the page cache`);

    const gitCommon = { target, cmd: 'git', cwd: repo.dir, drainStdout: true, timeoutSec: TIMEOUT_SEC };
    await measure(ctx, 'git-cat-file', {
      ...gitCommon, label: 'git cat-file --batch-all-objects --batch',
      args: ['-C', repo.dir, 'cat-file', '--batch-all-objects', '--batch'],
    });
    await measure(ctx, 'git-log-p', {
      ...gitCommon, label: 'git log -p -U0 --all',
      args: ['-C', repo.dir, 'log', '-p', '-U0', '--all'],
    });
    const logOut = ctx.results['git-log-p']?.runs.find((r) => r.ok)?.stdoutBytes;
    if (logOut !== undefined) log(`    (git log -p wrote ${fmt.mb(logOut)} MB of patches)`);

    ctx.keyhole ??= probeKeyhole(ctx.root);
    const kh = ctx.keyhole;
    if (!kh.available) {
      const why = `keyhole CLI not usable: ${kh.reason}`;
      log(`  SKIP keyhole: ${why}`);
      for (const id of ['keyhole-history-all', 'keyhole-history-1']) ctx.skipped[id] = why;
      return;
    }
    const args = (extra = [], output = '/dev/null') => [kh.cli, 'scan', repo.dir, '--format', 'json', '--output', output, '--quiet', ...noStore(ctx), ...extra];
    await provenanceCheck(ctx, target, args);
    const cores = availableParallelism();
    const khCommon = { target, cmd: process.execPath, cwd: ctx.root, okCodes: KEYHOLE_OK, timeoutSec: TIMEOUT_SEC };
    await measure(ctx, 'keyhole-history-all', { ...khCommon, label: `keyhole history scan (all ${cores} cores)`, args: args() });
    await measure(ctx, 'keyhole-history-1', { ...khCommon, label: 'keyhole history scan --jobs 1', args: args(['--jobs', '1']) });
  },
};

/** Reads the repository's pack files once, untimed, so that every contestant starts warm. */
function warmPack(dir) {
  const packDir = join(dir, 'objects', 'pack');
  for (const f of readdirSync(packDir)) {
    if (statSync(join(packDir, f)).isFile()) readFileSync(join(packDir, f));
  }
}

/**
 * One untimed run with the report in a file: what keyhole read (stats.bytes against the text blobs'
 * bytes; commit messages count too, so it reads a little more), how many findings, and whether their
 * locations carry git provenance ("source": "git", with a commit). Without git support keyhole
 * would scan the bare repository's files (the pack) and report no such location.
 */
async function provenanceCheck(ctx, target, args) {
  const report = join(ctx.tmp, 'keyhole-history-report.json');
  const r = await runTimed(process.execPath, args([], report), { cwd: ctx.root, timeoutSec: TIMEOUT_SEC });
  const check = { exit: r.code, seconds: Math.round(r.seconds * 1000) / 1000 };
  ctx.historyCheck = check;
  if (!KEYHOLE_OK.includes(r.code)) {
    log(`  provenance check: keyhole exited ${r.timedOut ? 'on timeout' : r.code}`);
    log(tail(r.stderr, 12));
    ctx.notes.push(`keyhole history check run failed (exit ${r.code}); the history timings below may fail too`);
    return;
  }
  try {
    const rep = JSON.parse(readFileSync(report, 'utf8'));
    const stats = rep.stats ?? {};
    const findings = Array.isArray(rep.findings) ? rep.findings : [];
    const locations = findings.flatMap((f) => (Array.isArray(f.locations) ? f.locations : []));
    const git = locations.filter((l) => l?.source === 'git');
    Object.assign(check, {
      files: stats.files, bytes: stats.bytes, binarySkipped: stats.binarySkipped, tooLargeSkipped: stats.tooLargeSkipped, errors: stats.errors,
      findings: findings.length, locations: locations.length, gitLocations: git.length,
      gitLocationsWithCommit: git.filter((l) => typeof l.commit === 'string' && l.commit.length >= 40).length,
      issues: Array.isArray(rep.issues) ? rep.issues.map((i) => i.code ?? i.message).slice(0, 10) : undefined,
    });
    log(`  provenance check (untimed, ${fmt.s(r.seconds)} s): keyhole read ${stats.files} objects, ${fmt.mb(stats.bytes ?? 0)} MB; ` +
      `skipped binary ${stats.binarySkipped}, too large ${stats.tooLargeSkipped}, errors ${stats.errors}; ` +
      `${findings.length} findings, ${locations.length} locations, ${git.length} with git provenance (${check.gitLocationsWithCommit} with a commit)`);
    if (!findings.length) {
      const msg = 'keyhole found nothing in the history repository, so its provenance step had no work: "provenance included" is not exercised';
      ctx.notes.push(msg);
      log(`  note: ${msg}`);
    } else if (!git.length) {
      const msg = 'keyhole reported no git provenance ("source": "git") for the history repository: it scanned it as files, not as git history';
      ctx.notes.push(msg);
      log(`  warning: ${msg}`);
    }
    // keyhole skips binary blobs (as git would call them) and adds commit messages: compare with the text blobs
    if (stats.bytes !== undefined && stats.bytes < target.textBytes) {
      const msg = `keyhole read ${stats.bytes} bytes of the history repository's ${target.textBytes} bytes of text blobs: its history MB/s is overstated`;
      ctx.notes.push(msg);
      log(`  warning: ${msg}`);
    }
  } catch (e) {
    log(`  provenance check: could not read the report (${e.message})`);
    ctx.notes.push(`keyhole history report unreadable (${e.message})`);
  } finally {
    rmSync(report, { force: true });
  }
}

function skipAll(ctx, why) {
  log(`  SKIP: ${why}`);
  for (const id of HISTORY_IDS) ctx.skipped[id] = why;
}
