// End-to-end: a rescan of an unchanged git repository recalls its findings from the store without reading
// its history; a new commit, a new unreachable object or other rules make it read the repository again.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { JsonReport } from '../report/index.js';
import { commit, g, initRepo, write } from '../sources/git/testing.js';
import { runCli, tempDir } from '../testing/cli.js';

const AWS = 'AKIAQYLPMN5HHHFPZAM2';
const GH = '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';
const AWS2 = 'AKIAZ7TQ2LKPV3XN6HMD';
const AWS3 = 'AKIAT3XQ7RZ5VNM2KLPW';

function commitAll(dir: string, message: string): void {
  g(dir, 'add', '-A');
  commit(dir, message);
}

/** A bare repository with secrets over two branches, one removed again, and a store beside it. */
function setup(): { cwd: string; repo: string } {
  const cwd = tempDir('keyhole-rescan-');
  const work = initRepo(path.join(cwd, 'work'));
  write(work, { 'config/aws.ini': `aws_access_key_id = ${AWS}\n`, 'README.md': 'hello\n' });
  commitAll(work, 'add aws config');
  write(work, { 'deploy.sh': `export GITHUB_TOKEN=${GH}\n`, 'config/aws.ini': null });
  commitAll(work, 'deploy script, aws config removed');
  g(work, 'checkout', '-q', '-b', 'feature');
  write(work, { 'notes.txt': `backup key ${AWS2}\n` });
  commitAll(work, 'notes');
  g(work, 'checkout', '-q', 'main');
  g(cwd, 'clone', '-q', '--bare', 'work', 'repo.git');
  fs.rmSync(work, { recursive: true, force: true });
  const repo = path.join(cwd, 'repo.git');
  settle(repo);
  return { cwd, repo };
}

/**
 * As if the repository changed a while ago: a loose object directory changed in the last moments has its
 * entries counted in the fingerprint (coarse file times), so a rescan a few seconds later would read
 * the repository once more.
 */
function settle(repo: string): void {
  const objects = path.join(repo, 'objects');
  const past = new Date(Date.now() - 60_000);
  for (const d of fs.readdirSync(objects)) if (/^[0-9a-f]{2}$/.test(d)) fs.utimesSync(path.join(objects, d), past, past);
}

function scanJson(cwd: string, ...extra: string[]): JsonReport {
  const r = runCli(['scan', 'repo.git', '--format', 'json', '--quiet', '--jobs', '2', '--store', 'k.db', ...extra], { cwd });
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return JSON.parse(r.stdout) as JsonReport;
}

/** Findings with every location fact (commit, author, refs, atHead, unreachable...) but the context line. */
function facts(rep: JsonReport): unknown {
  return rep.findings.map((f) => ({ ...f, locations: f.locations.map(({ context: _c, ...l }) => l) }));
}

test('an unchanged repository is recalled from the store: same findings and locations, no object read', () => {
  const { cwd } = setup();
  const first = scanJson(cwd);
  assert.equal(first.findings.length, 3);
  assert.equal(first.stats.reposUnchanged, undefined);
  assert.ok(first.stats.files > 0);
  const second = scanJson(cwd);
  assert.equal(second.stats.reposUnchanged, 1);
  assert.equal(second.stats.files, 0);
  assert.ok((second.stats.blobsSkipped ?? 0) >= first.stats.files, `${second.stats.blobsSkipped} skipped of ${first.stats.files}`);
  assert.deepEqual(facts(second), facts(first));
  const gh = second.findings.find((f) => f.redacted.startsWith('ghp_'));
  assert.ok(gh?.locations[0]?.commit, 'provenance is recalled with the location');
  // Recalled again from a recall.
  const third = scanJson(cwd);
  assert.equal(third.stats.reposUnchanged, 1);
  assert.deepEqual(facts(third), facts(first));
});

test('a new commit makes the rescan read the repository again (known blobs still skipped)', () => {
  const { cwd, repo } = setup();
  scanJson(cwd);
  const work = path.join(cwd, 'work2');
  g(cwd, 'clone', '-q', 'repo.git', 'work2');
  write(work, { 'ci.env': `AWS_ACCESS_KEY_ID=${AWS3}\n` });
  commitAll(work, 'ci env');
  g(work, 'push', '-q', 'origin', 'main');
  settle(repo);
  const second = scanJson(cwd);
  assert.equal(second.stats.reposUnchanged, undefined);
  assert.ok((second.stats.blobsSkipped ?? 0) > 0);
  assert.equal(second.findings.length, 4);
  // And the new state is recalled next time.
  const third = scanJson(cwd);
  assert.equal(third.stats.reposUnchanged, 1);
  assert.deepEqual(facts(third), facts(second));
});

test('a new unreachable object makes the rescan read the repository again', () => {
  const { cwd, repo } = setup();
  scanJson(cwd);
  const blob = path.join(cwd, 'dangling.txt');
  fs.writeFileSync(blob, `aws_access_key_id = ${AWS3}\n`);
  g(repo, 'hash-object', '-w', blob);
  const second = scanJson(cwd);
  assert.equal(second.stats.reposUnchanged, undefined);
  const found = second.findings.find((f) => f.locations.some((l) => l.unreachable && l.blob !== undefined && l.path === ''));
  assert.ok(found, JSON.stringify(second.findings.map((f) => f.locations)));
});

test('other rules make the rescan read the repository again', () => {
  const { cwd } = setup();
  const first = scanJson(cwd);
  const gh = first.findings.find((f) => f.redacted.startsWith('ghp_'));
  assert.ok(gh);
  fs.writeFileSync(path.join(cwd, '.keyhole.yaml'), `disable:\n  - ${gh.rule}\n`);
  const second = scanJson(cwd);
  assert.equal(second.stats.reposUnchanged, undefined);
  assert.ok(!second.findings.some((f) => f.rule === gh.rule));
  assert.ok(second.stats.files > 0, 'scanned again under the new rules');
});
