// End-to-end: the built CLI on real files, directories and standard input.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir, writeTree } from '../testing/cli.js';

// A structurally valid GitHub token (checksum computed the way GitHub does) and a password.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (s: string): number => {
  let c = 0xffffffff;
  for (const b of Buffer.from(s)) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const base62 = (n: number): string => {
  let s = '';
  do {
    s = B62[n % 62] + s;
    n = Math.floor(n / 62);
  } while (n > 0);
  return s.padStart(6, '0');
};
const BODY = 'k3Jq9ZtW2mXv8Lr5Pn1Yc7Hd4Gs6Ff';
const GH = `ghp_${BODY}${base62(crc32(BODY))}`;
const GH_BAD = `ghp_${BODY}${base62((crc32(BODY) ^ 1) >>> 0)}`;
const PW = 'Vega93#Tq7Lmz';

function fixture(): string {
  const dir = tempDir();
  writeTree(dir, {
    'app/config.yml': `db:\n  host: db.internal\n  password: ${PW}\n`,
    'app/deploy.sh': `#!/bin/sh\nexport GITHUB_TOKEN=${GH}\n`,
    'app/copy.env': `TOKEN=${GH}\n`,
    'app/fixtures.py': `FAKE = "${GH_BAD}"\n`,
    'docs/README.md': 'Set DB_PASSWORD=${DB_PASSWORD} before starting.\n',
    'ignored/secret.txt': `password: ${PW}x\n`,
    '.gitignore': 'ignored/\n',
    'bin/blob.bin': Buffer.concat([Buffer.from([0, 1, 2, 3]), Buffer.from(GH)]),
  });
  return dir;
}

test('scan: one finding per secret with all its locations, redacted, exit code 1', () => {
  const dir = fixture();
  const r = runCli(['scan', dir, '--format', 'json', '--jobs', '2']);
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  const gh = report.findings.filter((f: any) => f.rule === 'github-pat-classic');
  assert.equal(gh.length, 1, 'one finding for the token in two files');
  assert.equal(gh[0].locations.length, 2);
  assert.equal(report.findings.filter((f: any) => f.redacted?.includes(GH_BAD.slice(-4))).length, 0, 'bad checksum is not a finding');
  assert.ok(!r.stdout.includes(GH), 'the raw token never appears without --show-secrets');
  assert.ok(!r.stdout.includes(PW));
  assert.equal(report.stats.binarySkipped, 1);
  assert.ok(!r.stdout.includes('ignored/secret.txt'), '.gitignore is honoured');
});

test('scan: --show-invalid reports the bad checksum; --no-ignore scans ignored files; --exclude skips', () => {
  const dir = fixture();
  const inv = runCli(['scan', dir, '--format', 'jsonl', '--show-invalid', '--show-secrets']);
  assert.ok(inv.stdout.includes(GH_BAD));
  const all = runCli(['scan', dir, '--format', 'jsonl', '--no-ignore']);
  assert.ok(all.stdout.includes('ignored/secret.txt'));
  const ex = runCli(['scan', dir, '--format', 'jsonl', '--exclude', '**/*.sh', '--exclude', 'copy.env']);
  assert.ok(!ex.stdout.includes('deploy.sh'));
  assert.ok(!ex.stdout.includes('copy.env'));
  assert.ok(ex.stdout.includes('config.yml'));
});

test('scan: JSON Lines has one line per location, with the secret only when asked', () => {
  const dir = fixture();
  const r = runCli(['scan', dir, '--format', 'jsonl']);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  for (const l of lines) {
    for (const k of ['finding', 'rule', 'path', 'line', 'column']) assert.ok(k in l, `missing ${k}`);
    assert.ok(!('secret' in l));
  }
  const shown = runCli(['scan', dir, '--format', 'jsonl', '--show-secrets']).stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(shown.some((l) => l.secret === GH));
  assert.ok(shown.some((l) => l.secret === PW && l.line === 3));
});

test('scan: text output groups by finding and redacts', () => {
  const dir = fixture();
  const r = runCli(['scan', dir]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /ghp_…/);
  assert.ok(!r.stdout.includes(GH));
  assert.match(r.stdout, /config\.yml:3/);
});

test('scan: standard input with -', () => {
  const r = runCli(['scan', '-', '--format', 'jsonl', '--show-secrets'], { input: `x = 1\ntoken: ${GH}\n` });
  assert.equal(r.code, 1);
  const l = JSON.parse(r.stdout.trim().split('\n')[0]!);
  assert.equal(l.path, '-');
  assert.equal(l.line, 2);
  assert.equal(l.secret, GH);
});

test('scan: nothing found exits 0; bad input is reported and the scan goes on', () => {
  const dir = tempDir();
  writeTree(dir, { 'a.txt': 'nothing to see\n', 'b.txt': `k=${GH}\n` });
  fs.symlinkSync(path.join(dir, 'missing'), path.join(dir, 'broken-link'));
  fs.symlinkSync(path.join(dir, 'loop-b'), path.join(dir, 'loop-a'));
  fs.symlinkSync(path.join(dir, 'loop-a'), path.join(dir, 'loop-b'));
  const r = runCli(['scan', dir, path.join(dir, 'does-not-exist'), '--format', 'json']);
  assert.equal(r.code, 1, 'findings win over errors');
  const rep = JSON.parse(r.stdout);
  assert.equal(rep.findings.length, 1);
  assert.match(r.stderr, /broken-link/);
  assert.match(r.stderr, /loop-a/);
  assert.match(r.stderr, /does-not-exist/);
  const clean = runCli(['scan', path.join(dir, 'a.txt')]);
  assert.equal(clean.code, 0);
  const missing = runCli(['scan', path.join(dir, 'nope')]);
  assert.equal(missing.code, 2);
});

test('scan: usage errors exit 2 with a clear message', () => {
  const r = runCli(['scan', '.', '--format', 'xml']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /xml/);
  const j = runCli(['scan', '.', '--jobs', 'many']);
  assert.equal(j.code, 2);
  assert.match(j.stderr, /--jobs/);
});

test('scan: --output writes an owner-only file; SARIF and CSV are produced', () => {
  const dir = fixture();
  const out = path.join(tempDir(), 'report.sarif');
  const r = runCli(['scan', dir, '--format', 'sarif', '--output', out]);
  assert.equal(r.code, 1);
  assert.equal(fs.statSync(out).mode & 0o777, 0o600);
  const sarif = JSON.parse(fs.readFileSync(out, 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  assert.ok(sarif.runs[0].results.length >= 2);
  const csv = runCli(['scan', dir, '--format', 'csv']);
  assert.match(csv.stdout.split('\n')[0]!, /finding/);
});

test('rules check passes and rules list names every rule', () => {
  const check = runCli(['rules', 'check']);
  assert.equal(check.code, 0, check.stdout);
  const list = runCli(['rules', 'list', '--format', 'json']);
  const rules = JSON.parse(list.stdout);
  assert.ok(rules.length >= 150);
});

test('scan: classification markings are configurable, and can be turned off', () => {
  const dir = tempDir();
  writeTree(dir, {
    'docs/icd.md': 'RESTRICTED - EXPORT CONTROLLED\n\n# Uplink interface\n',
    'docs/plan.md': 'PROGRAMME SENSITIVE\n\n# Launch plan\n',
  });
  const rules = (args: string[]): string[] => {
    const r = runCli(['scan', dir, '--format', 'jsonl', ...args]);
    return r.stdout.trim().split('\n').filter(Boolean).map((l) => `${JSON.parse(l).rule} ${path.basename(JSON.parse(l).path)}`);
  };
  assert.deepEqual(rules([]), ['confidential-document icd.md']);
  assert.deepEqual(rules(['--marking', 'PROGRAMME SENSITIVE']), ['confidential-document plan.md']);
  assert.deepEqual(rules(['--no-markings']), []);
  const bad = runCli(['scan', dir, '--archive-depth', 'deep']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--archive-depth/);
});

test('scan: --exposed-between marks each finding; a bad window is a usage error', () => {
  const dir = tempDir();
  writeTree(dir, { 'a.env': `TOKEN=${GH}\n` });
  const r = runCli(['scan', dir, '--format', 'json', '--exposed-between', '..2025-03-31']);
  assert.equal(r.code, 1, r.stderr);
  const f = JSON.parse(r.stdout).findings[0];
  assert.equal(f.window.exposed, true);
  assert.equal(f.window.range, '..2025-03-31');
  const bad = runCli(['scan', dir, '--exposed-between', 'yesterday']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--exposed-between/);
});
