// A directory of repositories (a Bitbucket-style data directory) through runScan and through the CLI.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { runCli } from '../../testing/cli.js';
import { findRepos, repoId } from './discover.js';
import { commit, findingFor, g, gitLocs, initRepo, scan, tmp, write } from './testing.js';

const SHARED = 'Menkar47#Qs2Vbn';
const ONLY_B = 'Nashira83!Lp5Tcx';
const NOTES = 'Sadr16$Kw9Jhm';
const HISTORY = 'Wezen58%Dm4Rfy';

const server = tmp();
let first = '';

before(() => {
  const work = tmp();
  const a = initRepo(path.join(work, 'a'));
  write(a, { 'conf/db.env': `password: "${SHARED}"\n`, 'old.env': `password: "${HISTORY}"\n` });
  g(a, 'add', '-A');
  first = commit(a, 'a: first');
  write(a, { 'old.env': null });
  g(a, 'add', '-A');
  commit(a, 'a: remove old.env');
  const b = initRepo(path.join(work, 'b'));
  write(b, { 'conf/db.env': `password: "${SHARED}"\n`, 'b.env': `password: "${ONLY_B}"\n` });
  g(b, 'add', '-A');
  commit(b, 'b: first');
  fs.mkdirSync(path.join(server, 'PROJ'), { recursive: true });
  g(server, 'clone', '-q', '--mirror', `file://${a}`, path.join(server, 'PROJ', 'api.git'));
  g(server, 'clone', '-q', '--mirror', `file://${b}`, path.join(server, 'PROJ', 'web.git'));
  write(server, { 'notes/todo.txt': `password: "${NOTES}"\n`, 'PROJ/api.git/NOTE': `password: "${NOTES}x"\n` });
});

test('repository ids: relative to the scanned root, .git stripped; a lone repository by its name', () => {
  assert.equal(repoId('/srv/data', '/srv/data/GSEG/ground-segment-api.git'), 'GSEG/ground-segment-api');
  assert.equal(repoId('/srv/data/api.git', '/srv/data/api.git'), 'api');
  assert.equal(repoId('/home/me/proj', '/home/me/proj'), 'proj');
  assert.equal(repoId('/home/me/proj/.git', '/home/me/proj/.git'), 'proj');
});

test('findRepos finds every repository and does not look inside one', async () => {
  const nested = tmp();
  initRepo(path.join(nested, 'outer'));
  initRepo(path.join(nested, 'outer', 'inner'));
  g(nested, 'init', '-q', '--bare', path.join(nested, 'x', 'y', 'z.git'));
  const found = await findRepos(nested);
  assert.deepEqual(
    found.repos.map((r) => [r.id, r.kind]),
    [
      ['outer', 'worktree'],
      ['x/y/z', 'bare'],
    ],
  );
});

test('a directory of bare repositories: one git scan each, shared blobs scanned once, other files as files', async () => {
  const out = await scan([server], {}, 2);
  assert.deepEqual(out.issues, []);
  const shared = gitLocs(findingFor(out, SHARED));
  assert.deepEqual(
    shared.map((l) => [l.provenance.repo, l.provenance.path, l.provenance.atHead]).sort(),
    [
      ['PROJ/api', 'conf/db.env', true],
      ['PROJ/web', 'conf/db.env', true],
    ],
  );
  assert.equal(gitLocs(findingFor(out, ONLY_B))[0]!.provenance.repo, 'PROJ/web');
  const hist = gitLocs(findingFor(out, HISTORY));
  assert.deepEqual(
    hist.map((l) => [l.provenance.repo, l.provenance.path, l.provenance.commit?.id, l.provenance.atHead]),
    [['PROJ/api', 'old.env', first, false]],
  );
  assert.deepEqual(findingFor(out, NOTES)?.locations.map((l) => l.provenance), [{ kind: 'file', path: path.join(server, 'notes', 'todo.txt') }]);
  assert.equal(findingFor(out, `${NOTES}x`), undefined, 'files inside a repository directory are not scanned as files');
});

test('the CLI reports git provenance in JSON and text', () => {
  const json = runCli(['scan', server, '--format', 'json', '--jobs', '1']);
  assert.equal(json.code, 1, json.stderr);
  const report = JSON.parse(json.stdout);
  const locs = report.findings.flatMap((f: any) => f.locations).filter((l: any) => l.source === 'git' && l.path === 'old.env');
  assert.equal(locs.length, 1);
  assert.equal(locs[0].repo, 'PROJ/api');
  assert.equal(locs[0].commit, first);
  assert.equal(locs[0].atHead, false);
  assert.equal(locs[0].author, 'Ada Tester');
  assert.ok(!json.stdout.includes(HISTORY), 'redacted by default');

  const text = runCli(['scan', path.join('PROJ', 'api.git'), '--jobs', '1'], { cwd: server });
  assert.equal(text.code, 1, text.stderr);
  assert.match(text.stdout, /history only/);
  assert.match(text.stdout, new RegExp(`api:old\\.env@${first.slice(0, 7)}`));
});
