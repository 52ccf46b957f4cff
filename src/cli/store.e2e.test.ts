// End-to-end: scans record into the store, rescans are incremental, `report` and `triage` read and change it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { JsonReport } from '../report/index.js';
import { commit, initRepo, write } from '../sources/git/testing.js';
import { openStore } from '../store/index.js';
import { runCli, tempDir, writeTree } from '../testing/cli.js';

const AWS = 'AKIAQYLPMN5HHHFPZAM2';
const GH = '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';
const AWS2 = 'AKIAZ7TQ2LKPV3XN6HMD';

/** A repository with two secrets over two commits, and a working directory beside it for the store. */
function setup(): { cwd: string; repo: string } {
  const cwd = tempDir('keyhole-store-');
  const repo = initRepo(path.join(cwd, 'repo'));
  write(repo, { 'config/aws.ini': `aws_access_key_id = ${AWS}\n`, 'README.md': 'hello\n' });
  commit(repo, 'add aws config');
  write(repo, { 'deploy.sh': `export GITHUB_TOKEN=${GH}\n`, 'README.md': 'hello again\n' });
  commit(repo, 'deploy script');
  return { cwd, repo };
}

function scanJson(cwd: string, ...extra: string[]): JsonReport {
  const r = runCli(['scan', 'repo', '--format', 'json', '--quiet', '--jobs', '2', ...extra], { cwd, store: true });
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return JSON.parse(r.stdout) as JsonReport;
}

function reportJson(cwd: string, ...extra: string[]): JsonReport {
  const r = runCli(['report', '--format', 'json', ...extra], { cwd });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as JsonReport;
}

/** Each finding's id with its locations as comparable strings. */
function places(rep: JsonReport): Record<string, string[]> {
  return Object.fromEntries(rep.findings.map((f) => [f.id, f.locations.map((l) => JSON.stringify([l.path, l.line, l.column, l.commit ?? '', l.repo ?? ''])).sort()]));
}

test('a scan records its findings in .keyhole/keyhole.db, and report returns them', () => {
  const { cwd } = setup();
  const scanned = scanJson(cwd);
  assert.equal(scanned.findings.length, 2);
  assert.ok(fs.existsSync(path.join(cwd, '.keyhole', 'keyhole.db')));
  const stored = reportJson(cwd);
  assert.deepEqual(places(stored), places(scanned));
  assert.ok(!JSON.stringify(stored).includes(AWS), 'raw secrets are not stored by default');
  // Filters: by severity and by a source path.
  assert.equal(reportJson(cwd, '--severity', 'info').findings.length, 0);
  assert.equal(reportJson(cwd, '--source', 'repo').findings.length, 2);
  // The text report works from the store too.
  const text = runCli(['report'], { cwd });
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /2 findings/);
});

test('a rescan of an unchanged repository scans nothing and reports the same; a new commit scans only what is new', () => {
  const { cwd, repo } = setup();
  const first = scanJson(cwd);
  assert.ok(first.stats.files > 0);
  const again = scanJson(cwd);
  assert.equal(again.stats.files, 0, 'nothing scanned again');
  assert.ok((again.stats.blobsSkipped ?? 0) >= first.stats.files);
  assert.deepEqual(places(again), places(first));

  write(repo, { 'ci/token.txt': `aws_access_key_id = ${AWS2}\n` });
  commit(repo, 'ci token');
  const third = scanJson(cwd);
  // The new blob and the new commit's message: nothing else.
  assert.equal(third.stats.files, 2);
  const added = third.findings.filter((f) => !(f.id in places(first)));
  assert.equal(added.length, 1);
  assert.match(added[0]!.locations[0]!.path, /ci\/token\.txt/);
  assert.equal(third.findings.length, 3);
  assert.equal(reportJson(cwd).findings.length, 3);

  // Changed rules: everything is scanned again.
  const rules = path.join(cwd, 'extra.yaml');
  fs.writeFileSync(rules, 'rules: []\n');
  const withRules = runCli(['scan', 'repo', '--format', 'json', '--quiet', '-r', rules], { cwd, store: true });
  if (withRules.code === 0 || withRules.code === 1) {
    const rep = JSON.parse(withRules.stdout) as JsonReport;
    assert.ok(rep.stats.files >= first.stats.files + 2);
  }
});

test('a triaged finding keeps its status across rescans; a unique id prefix is enough', () => {
  const { cwd } = setup();
  const first = scanJson(cwd);
  const target = first.findings.find((f) => f.rule.startsWith('github'))!;
  const t = runCli(['triage', target.id.slice(0, 10), '--status', 'revoked', '--note', 'rotated on Monday'], { cwd });
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /open -> revoked/);
  scanJson(cwd);
  const store = openStore(path.join(cwd, '.keyhole', 'keyhole.db'));
  try {
    const f = store.findings({ ids: [target.id] })[0]!;
    assert.equal(f.status, 'revoked');
    assert.equal(store.triageLog(target.id).length, 1);
  } finally {
    store.close();
  }
  assert.deepEqual(reportJson(cwd, '--status', 'revoked').findings.map((f) => f.id), [target.id]);
  assert.equal(reportJson(cwd, '--status', 'open').findings.length, 1);
  assert.match(runCli(['report'], { cwd }).stdout, /\(revoked\)/);
  // Unknown ids and statuses are usage errors.
  assert.equal(runCli(['triage', 'ffffffffffff', '--status', 'revoked'], { cwd }).code, 2);
  assert.equal(runCli(['triage', target.id, '--status', 'gone'], { cwd }).code, 2);
});

test('--no-store writes no .keyhole/; --store FILE chooses the store; .keyhole/ is never scanned', () => {
  const { cwd } = setup();
  const r = runCli(['scan', 'repo', '--quiet', '--no-store'], { cwd });
  assert.equal(r.code, 1, r.stderr);
  assert.ok(!fs.existsSync(path.join(cwd, '.keyhole')));
  const file = path.join(cwd, 'elsewhere', 'k.db');
  assert.equal(runCli(['scan', 'repo', '--quiet', '--store', file], { cwd }).code, 1);
  assert.ok(fs.existsSync(file));
  assert.ok(!fs.existsSync(path.join(cwd, '.keyhole')));
  assert.equal(reportJson(cwd, '--store', file).findings.length, 2);

  // A directory whose own .keyhole/ holds a store with secrets: scanning it finds only the file's secret.
  const dir = tempDir('keyhole-store-dir-');
  writeTree(dir, { 'app.env': `GITHUB_TOKEN=${GH}\n` });
  assert.equal(runCli(['scan', '.', '--quiet', '--store-secrets'], { cwd: dir, store: true }).code, 1);
  assert.equal((fs.statSync(path.join(dir, '.keyhole', 'keyhole.db')).mode & 0o077), 0, 'owner-only with --store-secrets');
  const again = runCli(['scan', '.', '--format', 'json', '--quiet', '--no-store'], { cwd: dir });
  const rep = JSON.parse(again.stdout) as JsonReport;
  assert.equal(rep.findings.length, 1);
  assert.deepEqual(rep.findings[0]!.locations.map((l) => path.basename(l.path)), ['app.env']);
  assert.equal(rep.stats.files, 1);
});

test('files: a rescan skips unchanged files by content id and still reports their findings', () => {
  const dir = tempDir('keyhole-store-files-');
  writeTree(dir, { 'src/a.env': `GITHUB_TOKEN=${GH}\n`, 'src/b.txt': 'nothing here\n' });
  const run = (): JsonReport => JSON.parse(runCli(['scan', 'src', '--format', 'json', '--quiet'], { cwd: dir, store: true }).stdout) as JsonReport;
  const first = run();
  assert.equal(first.stats.files, 2);
  const again = run();
  assert.equal(again.stats.files, 0);
  assert.equal(again.stats.blobsSkipped, 2);
  assert.deepEqual(places(again), places(first));
  // A copy of known content at a new path: not scanned, but reported there too.
  writeTree(dir, { 'src/copy.env': `GITHUB_TOKEN=${GH}\n` });
  const third = run();
  assert.equal(third.stats.files, 0);
  assert.equal(third.findings[0]!.locations.length, 2);
});
