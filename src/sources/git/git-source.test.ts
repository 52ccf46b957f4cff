// End-to-end: git history scanned through runScan, with the provenance of each location checked.
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, test } from 'node:test';
import { commit, findingFor, g, gitLocs, initRepo, scan, tmp, write } from './testing.js';

const PW = {
  deleted: 'Vega93#Tq7Lmz',
  twice: 'Lyra58!Wp2Kxd',
  renamed: 'Orion27$Bn4Hjs',
  message: 'Mira42#Xq9Tnv',
  branch: 'Deneb61%Rc8Yzf',
  lost: 'Altair19&Gm3Vwk',
  tag: 'Rigel74*Ht6Qpa',
  untracked: 'Sirius36^Kd5Lmq',
};

const root = tmp();
const repo = path.join(root, 'hist');
const c: Record<string, string> = {};

before(() => {
  initRepo(repo);
  write(repo, { 'README.md': '# hist\n', 'config/app.yml': `db:\n  password: "${PW.deleted}"\n` });
  g(repo, 'add', '-A');
  c.first = commit(repo, 'Initial config');
  write(repo, { 'config/app.yml': null, 'legacy/db.yml': `db:\n  host: x\n  password: "${PW.renamed}"\n` });
  g(repo, 'add', '-A');
  c.deleted = commit(repo, 'Move secrets out; add legacy db');
  write(repo, { 'copies/a.env': `DB_PASSWORD="${PW.twice}"\n`, 'copies/b.env': `DB_PASSWORD="${PW.twice}"\n` });
  g(repo, 'add', '-A');
  c.twice = commit(repo, 'Two env files');
  g(repo, 'mv', 'legacy/db.yml', 'config/db.yml');
  c.renamed = commit(repo, 'Rename legacy db config');
  c.message = commit(repo, `Fix login\n\nfor the record: password: "${PW.message}"\n`);
  g(repo, 'tag', '-a', 'v1.0.0', '-m', `Release\n\nadmin password: "${PW.tag}"\n`);
  g(repo, 'checkout', '-q', '-b', 'feature/x');
  write(repo, { 'feature.yml': `password: "${PW.branch}"\n` });
  g(repo, 'add', '-A');
  c.branch = commit(repo, 'Feature work');
  g(repo, 'checkout', '-q', '-b', 'tmp/gone', 'main');
  write(repo, { 'gone.yml': `password: "${PW.lost}"\n` });
  g(repo, 'add', '-A');
  c.lost = commit(repo, 'Experiment');
  g(repo, 'checkout', '-q', 'main');
  g(repo, 'branch', '-q', '-D', 'tmp/gone');
  write(repo, { 'scratch.txt': `password: "${PW.untracked}"\n` });
});

test('full history: deleted, renamed, copied, message, tag, branch-only and unreachable secrets with provenance', async () => {
  const out = await scan([repo], {}, 2);
  assert.deepEqual(out.issues, []);

  const deleted = gitLocs(findingFor(out, PW.deleted));
  assert.equal(deleted.length, 1);
  assert.equal(deleted[0]!.provenance.path, 'config/app.yml');
  assert.equal(deleted[0]!.provenance.repo, 'hist');
  assert.equal(deleted[0]!.provenance.commit?.id, c.first);
  assert.equal(deleted[0]!.provenance.commit?.summary, 'Initial config');
  assert.equal(deleted[0]!.provenance.commit?.author, 'Ada Tester');
  assert.equal(deleted[0]!.provenance.commit?.email, 'ada@example.test');
  assert.match(deleted[0]!.provenance.commit?.date ?? '', /^2024-01-\d\dT09:00:00\+00:00$/);
  assert.equal(deleted[0]!.provenance.atHead, false);
  assert.equal(deleted[0]!.provenance.unreachable, false);
  assert.deepEqual(deleted[0]!.provenance.refs, ['feature/x', 'main', 'v1.0.0']);
  assert.equal(deleted[0]!.line, 2);

  const renamed = gitLocs(findingFor(out, PW.renamed));
  assert.deepEqual(
    renamed.map((l) => [l.provenance.path, l.provenance.commit?.id, l.provenance.atHead]),
    [
      ['legacy/db.yml', c.deleted, false],
      ['config/db.yml', c.renamed, true],
    ],
  );
  assert.equal(renamed[0]!.provenance.blob, renamed[1]!.provenance.blob);

  const twice = findingFor(out, PW.twice);
  assert.deepEqual(
    gitLocs(twice).map((l) => [l.provenance.path, l.provenance.commit?.id, l.provenance.atHead]),
    [
      ['copies/a.env', c.twice, true],
      ['copies/b.env', c.twice, true],
    ],
  );

  const msg = gitLocs(findingFor(out, PW.message));
  assert.equal(msg.length, 1);
  assert.equal(msg[0]!.provenance.path, '(commit message)');
  assert.equal(msg[0]!.provenance.commit?.id, c.message);
  assert.equal(msg[0]!.provenance.commit?.summary, 'Fix login');
  assert.equal(msg[0]!.line, 3);
  assert.equal(msg[0]!.provenance.unreachable, false);

  const tag = gitLocs(findingFor(out, PW.tag));
  assert.equal(tag.length, 1);
  assert.equal(tag[0]!.provenance.path, '(tag message)');
  assert.deepEqual(tag[0]!.provenance.refs, ['v1.0.0']);

  const branch = gitLocs(findingFor(out, PW.branch));
  assert.equal(branch.length, 1);
  assert.equal(branch[0]!.provenance.commit?.id, c.branch);
  assert.deepEqual(branch[0]!.provenance.refs, ['feature/x']);
  assert.equal(branch[0]!.provenance.atHead, false);

  const lost = gitLocs(findingFor(out, PW.lost));
  assert.equal(lost.length, 1);
  assert.equal(lost[0]!.provenance.path, 'gone.yml');
  assert.equal(lost[0]!.provenance.commit?.id, c.lost);
  assert.equal(lost[0]!.provenance.unreachable, true);
  assert.equal(lost[0]!.provenance.refs, undefined);

  // An untracked file in the working tree is scanned as a file.
  const untracked = findingFor(out, PW.untracked);
  assert.deepEqual(
    untracked?.locations.map((l) => l.provenance),
    [{ kind: 'file', path: path.join(repo, 'scratch.txt') }],
  );
});

test('each unique blob is scanned once', async () => {
  const out = await scan([repo]);
  const blobs = Number(g(repo, 'cat-file', '--batch-all-objects', '--batch-check=%(objecttype)').split('\n').filter((t) => t === 'blob').length);
  const commits = Number(g(repo, 'rev-list', '--all', '--count')) + 1; // + the unreachable commit
  // blobs + commit messages + the tag message + the untracked file
  assert.equal(out.stats.files, blobs + commits + 1 + 1);
});

test('a bare mirror is scanned the same way (no working tree, no unreachable objects copied)', async () => {
  const bare = path.join(root, 'mirror.git');
  g(root, 'clone', '-q', '--mirror', `file://${repo}`, bare);
  const out = await scan([bare]);
  assert.deepEqual(out.issues, []);
  const deleted = gitLocs(findingFor(out, PW.deleted));
  assert.equal(deleted[0]!.provenance.repo, 'mirror');
  assert.equal(deleted[0]!.provenance.commit?.id, c.first);
  assert.equal(gitLocs(findingFor(out, PW.renamed)).length, 2);
  assert.deepEqual(gitLocs(findingFor(out, PW.branch))[0]!.provenance.refs, ['feature/x']);
  assert.equal(findingFor(out, PW.lost), undefined, 'a mirror clone does not carry unreachable commits');
  assert.equal(findingFor(out, PW.untracked), undefined);
});

test('--no-unreachable leaves out what no ref reaches', async () => {
  const out = await scan([repo], { noUnreachable: true });
  assert.equal(findingFor(out, PW.lost), undefined);
  assert.equal(gitLocs(findingFor(out, PW.deleted))[0]!.provenance.commit?.id, c.first);
  assert.ok(findingFor(out, PW.message));
});

test('--no-history scans the HEAD tree, with the commit that last changed each path', async () => {
  const out = await scan([repo], { noHistory: true });
  assert.equal(findingFor(out, PW.deleted), undefined);
  assert.equal(findingFor(out, PW.message), undefined);
  assert.equal(findingFor(out, PW.branch), undefined);
  const renamed = gitLocs(findingFor(out, PW.renamed));
  assert.deepEqual(
    renamed.map((l) => [l.provenance.path, l.provenance.commit?.id, l.provenance.atHead]),
    [['config/db.yml', c.renamed, true]],
  );
  assert.equal(gitLocs(findingFor(out, PW.twice)).length, 2);
});

test('--branch reads only that history; --since only later commits', async () => {
  const feature = await scan([repo], { branch: 'feature/x' });
  assert.equal(gitLocs(findingFor(feature, PW.branch))[0]!.provenance.commit?.id, c.branch);
  assert.equal(gitLocs(findingFor(feature, PW.deleted))[0]!.provenance.commit?.id, c.first);
  assert.equal(findingFor(feature, PW.lost), undefined);
  assert.equal(findingFor(feature, PW.untracked), undefined);

  const since = g(repo, 'log', '-1', '--format=%aI', c.twice!);
  const recent = await scan([repo], { since });
  assert.equal(findingFor(recent, PW.deleted), undefined, 'added before the date');
  assert.ok(findingFor(recent, PW.twice));
  assert.ok(findingFor(recent, PW.branch));
  assert.equal(gitLocs(findingFor(recent, PW.lost))[0]!.provenance.unreachable, true);
});

test('--range scans what the commits in the range add, and their messages', async () => {
  const out = await scan([repo], { range: `${c.twice!}..main` });
  assert.equal(findingFor(out, PW.deleted), undefined);
  assert.equal(findingFor(out, PW.twice), undefined);
  assert.deepEqual(
    gitLocs(findingFor(out, PW.renamed)).map((l) => [l.provenance.path, l.provenance.commit?.id, l.provenance.atHead]),
    [['config/db.yml', c.renamed, true]],
  );
  assert.equal(gitLocs(findingFor(out, PW.message))[0]!.provenance.commit?.id, c.message);
  assert.equal(findingFor(out, PW.untracked), undefined);
  assert.deepEqual(out.issues, []);
});

test('--staged scans the index: staged content only, before the first commit too', async () => {
  const dir = initRepo(path.join(root, 'staged'));
  const staged = 'Castor88@Jv5Npw';
  const unstaged = 'Pollux21~Ms7Dqe';
  write(dir, { 'a.env': `password: "${staged}"\n`, 'b.env': `password: "${unstaged}"\n` });
  g(dir, 'add', 'a.env');
  const first = await scan([dir], { staged: true });
  const locs = gitLocs(findingFor(first, staged));
  assert.deepEqual(
    locs.map((l) => [l.provenance.repo, l.provenance.path, l.provenance.commit]),
    [['staged', 'a.env', undefined]],
  );
  assert.equal(findingFor(first, unstaged), undefined);
  commit(dir, 'first');
  write(dir, { 'c.env': `password: "Procyon45=Lt8Vbr"\n` });
  g(dir, 'add', 'c.env');
  const second = await scan([dir], { staged: true });
  assert.deepEqual(
    second.findings.map((f) => f.secret),
    ['Procyon45=Lt8Vbr'],
  );
});

test('scopes that cannot go together are refused', async () => {
  await assert.rejects(async () => scan([repo], { staged: true, range: 'a..b' }), /cannot be used together/);
  await assert.rejects(async () => scan([repo], { range: '--output=/tmp/x' }), /not a revision/);
});
