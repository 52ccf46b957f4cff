// Git sources on awkward repositories: shallow, empty, corrupt objects, LFS pointers, submodules, binary and large blobs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { catFileBatch } from './cat-file.js';
import { commit, findingFor, g, gitLocs, initRepo, scan, tmp, write } from './testing.js';

const root = tmp();

test('a shallow clone: what exists is scanned, and the missing history is noted', async () => {
  const src = initRepo(path.join(root, 'deep'));
  write(src, { 'old.env': 'password: "Hadar12#Wq4Rtz"\n' });
  g(src, 'add', '-A');
  commit(src, 'old');
  write(src, { 'old.env': null, 'new.env': 'password: "Mimosa65!Jx2Kcv"\n' });
  g(src, 'add', '-A');
  const tip = commit(src, 'new');
  const shallow = path.join(root, 'shallow');
  g(root, 'clone', '-q', '--depth', '1', `file://${src}`, shallow);
  const out = await scan([shallow]);
  assert.deepEqual(
    out.issues.map((i) => [i.input, i.code]),
    [['shallow', 'GIT_SHALLOW']],
  );
  assert.equal(findingFor(out, 'Hadar12#Wq4Rtz'), undefined);
  const locs = gitLocs(findingFor(out, 'Mimosa65!Jx2Kcv'));
  assert.deepEqual(
    locs.map((l) => [l.provenance.path, l.provenance.commit?.id, l.provenance.atHead]),
    [['new.env', tip, true]],
  );
});

test('empty repositories (working tree and bare) scan without findings or errors', async () => {
  initRepo(path.join(root, 'empty'));
  g(root, 'init', '-q', '--bare', path.join(root, 'empty-bare.git'));
  const out = await scan([path.join(root, 'empty'), path.join(root, 'empty-bare.git')]);
  assert.deepEqual(out.findings, []);
  assert.deepEqual(out.issues, []);
  assert.equal(out.stats.errors, 0);
});

function objectFile(repo: string, id: string): string {
  const f = path.join(repo, '.git', 'objects', id.slice(0, 2), id.slice(2));
  fs.chmodSync(f, 0o644);
  return f;
}

test('corrupt loose objects are reported with their id and repository; the scan goes on', async () => {
  const dir = initRepo(path.join(root, 'corrupt'));
  const secrets = Array.from({ length: 8 }, (_, i) => `Ankaa${10 + i}#Pz${i}Lmq`);
  const files: Record<string, string> = { 'big.txt': Array.from({ length: 20000 }, (_, i) => `line ${i}`).join('\n'), 'gone.txt': 'will be garbage\n' };
  secrets.forEach((s, i) => (files[`s${i}.env`] = `password: "${s}"\n`));
  write(dir, files);
  g(dir, 'add', '-A');
  commit(dir, 'files');
  const big = g(dir, 'rev-parse', 'HEAD:big.txt');
  const gone = g(dir, 'rev-parse', 'HEAD:gone.txt');
  // A truncated zlib stream: git prints the header, then dies in the body.
  const bigFile = objectFile(dir, big);
  fs.writeFileSync(bigFile, fs.readFileSync(bigFile).subarray(0, 100));
  // Garbage: the header does not inflate, git answers "missing".
  fs.writeFileSync(objectFile(dir, gone), 'garbage');

  const out = await scan([dir], { uncommitted: false });
  for (const s of secrets) assert.ok(findingFor(out, s), `found ${s}`);
  const byCode = new Map(out.issues.map((i) => [i.code, i]));
  assert.equal(byCode.get('GIT_OBJECT_CORRUPT')?.input, 'corrupt');
  assert.match(byCode.get('GIT_OBJECT_CORRUPT')?.message ?? '', new RegExp(big));
  assert.equal(byCode.get('GIT_OBJECT_MISSING')?.input, 'corrupt');
  assert.match(byCode.get('GIT_OBJECT_MISSING')?.message ?? '', new RegExp(gone));

  // The batch reader restarts after the bad object, in order.
  const ids = [g(dir, 'rev-parse', 'HEAD:s0.env'), big, g(dir, 'rev-parse', 'HEAD:s1.env'), gone, g(dir, 'rev-parse', 'HEAD:s2.env')];
  const got: string[] = [];
  for await (const rs of catFileBatch({ id: 'corrupt', gitDir: path.join(dir, '.git') }, ids)) for (const r of rs) got.push(`${r.kind}:${r.id.slice(0, 7)}`);
  assert.deepEqual(
    got,
    ids.map((id, i) => `${i === 1 ? 'failed' : i === 3 ? 'missing' : 'object'}:${id.slice(0, 7)}`),
  );
});

test('LFS pointers, submodules, binary and over-size blobs are skipped and noted', async () => {
  const dir = initRepo(path.join(root, 'odd'));
  write(dir, {
    'model.bin': 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n',
    'blob.dat': Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from('password: "Acrux44!Tb9Wnm"\n')]),
    'huge.txt': `password: "Gacrux71$Hd3Pqe"\n${'x'.repeat(5000)}\n`,
    'ok.env': 'password: "Shaula29%Fk6Yvb"\n',
  });
  g(dir, 'add', '-A');
  g(dir, 'update-index', '--add', '--cacheinfo', `160000,${'a'.repeat(40)},vendor/lib`);
  commit(dir, 'odd things');
  const out = await scan([dir], { maxFileSize: 4096, uncommitted: false });
  assert.deepEqual(
    out.findings.map((f) => f.secret),
    ['Shaula29%Fk6Yvb'],
  );
  const codes = out.issues.map((i) => i.code).sort();
  assert.deepEqual(codes, ['GIT_LFS_POINTERS', 'GIT_SUBMODULES', 'TOO_LARGE']);
  assert.match(out.issues.find((i) => i.code === 'GIT_SUBMODULES')!.message, /vendor\/lib/);
  assert.equal(out.stats.binarySkipped, 2, 'the binary blob and the LFS pointer');
  assert.equal(out.stats.tooLargeSkipped, 1);
});

test('a directory that is not a readable repository is reported; the other repositories are scanned', async () => {
  const dir = path.join(root, 'server');
  fs.mkdirSync(path.join(dir, 'broken.git', 'objects'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'broken.git', 'refs'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'broken.git', 'HEAD'), 'not a ref\n');
  const good = initRepo(path.join(dir, 'good'));
  write(good, { 'a.env': 'password: "Alnair53^Vr8Mxs"\n' });
  g(good, 'add', '-A');
  commit(good, 'a');
  const out = await scan([dir]);
  assert.deepEqual(
    out.issues.map((i) => [i.input, i.code]),
    [['broken', 'GIT_UNREADABLE']],
  );
  assert.equal(gitLocs(findingFor(out, 'Alnair53^Vr8Mxs'))[0]?.provenance.repo, 'good');
});

test('a repository that borrows objects (alternates, as Bitbucket forks do) reports only what its refs reach', async () => {
  const origin = initRepo(path.join(root, 'origin'));
  write(origin, { 'a.env': 'password: "Kochab35#Rt2Wmx"\n' });
  g(origin, 'add', '-A');
  commit(origin, 'shared');
  g(origin, 'checkout', '-q', '-b', 'scratch');
  write(origin, { 'b.env': 'password: "Pherkad62!Ls8Qvd"\n' });
  g(origin, 'add', '-A');
  commit(origin, 'origin only');
  g(origin, 'checkout', '-q', 'main');
  g(origin, 'branch', '-q', '-D', 'scratch');
  const fork = path.join(root, 'fork.git');
  g(root, 'clone', '-q', '--bare', '--shared', origin, fork);
  const out = await scan([fork]);
  assert.equal(gitLocs(findingFor(out, 'Kochab35#Rt2Wmx'))[0]?.provenance.repo, 'fork');
  assert.equal(findingFor(out, 'Pherkad62!Ls8Qvd'), undefined, "the origin's unreachable commit is not the fork's");
  assert.deepEqual(out.issues, []);
});
