// End-to-end: baselines, inline allow comments and .keyhole.yaml through the built CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir, writeTree } from '../testing/cli.js';

const KEY_A = 'AKIAZ3MSJV4WWZXYWQPA';
const KEY_B = 'AKIAQ7NPLK2VWXRT5MGE';
const KEY_C = 'AKIAZ3MSJV4WWZXYWQPH';
const PW = 'Vega93#Tq7Lmz';

interface Row { finding: string; rule: string; path: string; line: number }
const rows = (stdout: string): Row[] => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
const scan = (args: string[], cwd?: string) => runCli(['scan', '--format', 'jsonl', '--jobs', '2', ...args], cwd ? { cwd } : {});

function tree(): string {
  const dir = tempDir();
  writeTree(dir, {
    'app/settings.env': `AWS_ACCESS_KEY_ID=${KEY_A}\n`,
    'app/db.yml': `db:\n  password: ${PW}\n`,
    'test/fixtures/keys.env': `AWS_ACCESS_KEY_ID=${KEY_B}\n`,
  });
  return dir;
}

test('baseline: create, rescan reports nothing (exit 0), a new secret is reported alone', () => {
  const dir = tree();
  const file = path.join(tempDir(), 'keyhole-baseline.json');
  const c = runCli(['baseline', 'create', file, dir, '--jobs', '2']);
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stderr, /baseline .*: 3 findings/);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  const text = fs.readFileSync(file, 'utf8');
  for (const s of [KEY_A, KEY_B, PW]) assert.ok(!text.includes(s), 'no raw secret in the baseline');
  const b = JSON.parse(text);
  assert.equal(b.version, 1);
  assert.equal(b.entries.length, 3);

  const again = scan(['--baseline', file, dir]);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(rows(again.stdout), []);

  fs.writeFileSync(path.join(dir, 'app/new.env'), `AWS_ACCESS_KEY_ID=${KEY_C}\n`);
  const added = scan(['--baseline', file, dir]);
  assert.equal(added.code, 1, added.stderr);
  const r = rows(added.stdout);
  assert.equal(r.length, 1);
  assert.ok(r[0]!.path.endsWith('app/new.env'));

  const bad = scan(['--baseline', path.join(dir, 'app/db.yml'), dir]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /db\.yml: not a keyhole baseline/);
});

test('baseline: a secret added in a new commit is reported alone', (t) => {
  if (spawnSync('git', ['--version']).status !== 0) return t.skip('no git');
  const dir = tree();
  const git = (...a: string[]): void => {
    const r = spawnSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...a], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  };
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'one');
  const file = path.join(tempDir(), 'b.json');
  assert.equal(runCli(['baseline', 'create', file, dir]).code, 0);
  assert.equal(scan(['--baseline', file, dir]).code, 0);
  fs.writeFileSync(path.join(dir, 'new.env'), `AWS_ACCESS_KEY_ID=${KEY_C}\n`);
  git('add', '.');
  git('commit', '-q', '-m', 'two');
  const r = scan(['--baseline', file, dir]);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual([...new Set(rows(r.stdout).map((x) => x.finding))].length, 1);
  assert.ok(rows(r.stdout).every((x) => x.path === 'new.env'));
});

test('inline allow: a commented line is not a finding; an allow for another rule does not apply', () => {
  const dir = tempDir();
  writeTree(dir, {
    'a.env': `AWS_ACCESS_KEY_ID=${KEY_A} # keyhole:allow\nAWS_ACCESS_KEY_ID=${KEY_B}\n`,
    'b.py': `key = "${KEY_C}"  # gitleaks:allow\n`,
    'c.py': `key = "${KEY_C}"  # keyhole:allow generic-password-assignment\n`,
  });
  const r = rows(scan([dir]).stdout);
  assert.deepEqual(r.map((x) => `${path.basename(x.path)}:${x.line}`).sort(), ['a.env:2', 'c.py:1']);
});

test('config: disable, custom rule, allow paths, regexes, stopwords and finding ids', () => {
  const dir = tree();
  writeTree(dir, { 'app/custom.txt': 'acme_tok_Zx81Qw55Lp09Rt7K\n', 'app/more.env': `AWS_ACCESS_KEY_ID=${KEY_C}\n` });
  const base = rows(scan([dir]).stdout);
  assert.equal(new Set(base.map((x) => x.finding)).size, 4);
  const idOf = (k: string): string => base.find((x) => x.path.endsWith(k))!.finding;

  fs.writeFileSync(path.join(dir, '.keyhole.yaml'), [
    'disable: [generic-password-assignment]',
    'rules:',
    '  - id: acme-token',
    '    name: ACME token',
    '    description: An ACME API token.',
    '    severity: high',
    '    category: saas',
    '    keywords: [acme_tok_]',
    "    pattern: '\\b(acme_tok_[A-Za-z0-9]{16})\\b'",
    '    rotation: { steps: Revoke it in the ACME console. }',
    '    examples: [acme_tok_Zx81Qw55Lp09Rt7K]',
    'allow:',
    "  paths: ['test/**']",
    `  findings: [${idOf('settings.env')}]`,
    '',
  ].join('\n'));
  const r = scan(['.'], dir);
  assert.equal(r.code, 1, r.stderr);
  const got = rows(r.stdout).map((x) => `${x.rule}:${x.path}`).sort();
  assert.deepEqual(got, ['acme-token:app/custom.txt', 'aws-access-key-id:app/more.env']);

  // allow.regexes and allow.stopwords; --config-file names a file elsewhere; --no-config-file ignores it.
  const cfg = path.join(tempDir(), 'other.yaml');
  fs.writeFileSync(cfg, `allow:\n  regexes: ['WQPA$']\n  stopwords: ['5mge']\n`);
  const r2 = rows(scan(['--config-file', cfg, dir]).stdout).map((x) => path.basename(x.path)).sort();
  assert.deepEqual(r2, ['db.yml', 'more.env']);
  const r3 = rows(scan(['--no-config-file', '.'], dir).stdout);
  assert.equal(new Set(r3.map((x) => x.finding)).size, 4);
});

test('config: limits fill in options the command line does not give', () => {
  const dir = tree();
  fs.writeFileSync(path.join(dir, '.keyhole.yaml'), 'limits:\n  maxFileSize: 10\n');
  const r = runCli(['scan', '--format', 'json', '.'], { cwd: dir });
  assert.equal(JSON.parse(r.stdout).findings.length, 0);
  const r2 = runCli(['scan', '--format', 'json', '--max-file-size', '1M', '.'], { cwd: dir });
  assert.equal(JSON.parse(r2.stdout).findings.length, 3, 'the flag wins over the config');
});

test('config: errors name the file and the field, exit 2', () => {
  const dir = tree();
  const cases: [string, RegExp][] = [
    ['allow:\n  path: [x]\n', /\.keyhole\.yaml: field allow\.path: unknown field/],
    ['colour: red\n', /\.keyhole\.yaml: field colour: unknown field/],
    ["allow:\n  regexes: ['ok', '(unclosed']\n", /\.keyhole\.yaml: field allow\.regexes\.1: not a valid regular expression/],
    ['disable: [no-such-rule]\n', /\.keyhole\.yaml: field disable\.0: no rule "no-such-rule"/],
    ['limits:\n  maxFileSize: lots\n', /\.keyhole\.yaml: field limits\.maxFileSize: "lots" is not a size/],
    ['rules:\n  - id: x-y\n    name: bad\n', /\.keyhole\.yaml: rules: rule x-y: field description/],
    ["rules:\n  - { id: x-y, name: XY tok, description: An XY token., severity: high, category: saas, keywords: [xy_], pattern: '(xy_', rotation: { steps: Revoke. }, examples: [xy_1] }\n",
      /\.keyhole\.yaml: rules: rule x-y: field pattern: not a valid regular expression/],
    ['rules: [\n', /\.keyhole\.yaml: not valid YAML/],
  ];
  for (const [text, re] of cases) {
    fs.writeFileSync(path.join(dir, '.keyhole.yaml'), text);
    const r = scan(['.'], dir);
    assert.equal(r.code, 2, text);
    assert.match(r.stderr, re);
  }
  const missing = scan(['--config-file', path.join(dir, 'nope.yaml'), '.'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.yaml: cannot read config file/);
});
