// Clone URLs: parsing, credentials kept out of every message and file, mirror into the cache, update by fetch.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { cachePath, isCloneUrl, parseCloneUrl, redactCredentials } from './clone.js';
import { commit, findingFor, g, gitLocs, initRepo, scan, tmp, write } from './testing.js';

const TOKEN = 'tok3n-S3cr3t/with%chars';
const ENCODED = encodeURIComponent(TOKEN);

test('clone URLs are told from paths', () => {
  for (const u of ['https://host/a/b.git', 'ssh://git@host:22/a/b.git', 'git@bitbucket.org:team/repo.git', 'file:///srv/repo.git', 'git://host/x']) assert.ok(isCloneUrl(u), u);
  for (const p of ['./repo', '/srv/repo.git', 'C:\\repo', 'repo:name', 'dir/with@sign']) assert.ok(!isCloneUrl(p), p);
});

test('credentials are split off the URL: never in what git is given for http, nor in the id or display form', () => {
  const t = parseCloneUrl(`https://alice:${ENCODED}@git.example.com:8443/scm/proj/repo.git`);
  assert.equal(t.url, 'https://git.example.com:8443/scm/proj/repo.git');
  assert.equal(t.display, 'https://git.example.com:8443/scm/proj/repo.git');
  assert.equal(t.id, 'git.example.com:8443/scm/proj/repo');
  assert.equal(t.username, 'alice');
  assert.equal(t.password, TOKEN);
  const ssh = parseCloneUrl('ssh://git:pw@host/team/repo.git');
  assert.equal(ssh.url, 'ssh://git@host/team/repo.git');
  assert.equal(ssh.display, 'ssh://host/team/repo.git');
  assert.equal(ssh.password, undefined);
  const scp = parseCloneUrl('git@bitbucket.org:team/repo.git');
  assert.deepEqual([scp.url, scp.display, scp.id], ['git@bitbucket.org:team/repo.git', 'bitbucket.org:team/repo.git', 'bitbucket.org/team/repo']);
  assert.equal(redactCredentials(`fatal: https://alice:${ENCODED}@h/ and ${TOKEN}`, t), 'fatal: https://***:***@h/ and ***');
  assert.equal(cachePath(t, '/c'), path.join('/c', 'git.example.com_8443', 'scm', 'proj', 'repo.git'));
  assert.equal(cachePath(parseCloneUrl('https://h/../../etc/x.git'), '/c'), path.join('/c', 'h', 'etc', 'x.git'));
});

test('a file:// URL is mirrored into the cache, scanned, and updated by fetch on the next scan', async () => {
  const src = initRepo(path.join(tmp(), 'upstream'));
  write(src, { 'a.env': 'password: "Tarazed24#Xn7Pwk"\n' });
  g(src, 'add', '-A');
  const first = commit(src, 'first');
  const cache = tmp();
  const url = `file://${src}`;
  const out = await scan([url], { cacheDir: cache });
  assert.deepEqual(out.issues, []);
  const locs = gitLocs(findingFor(out, 'Tarazed24#Xn7Pwk'));
  assert.equal(locs[0]!.provenance.commit?.id, first);
  assert.equal(locs[0]!.provenance.repo, parseCloneUrl(url).id);
  assert.ok(fs.existsSync(path.join(cachePath(parseCloneUrl(url), cache), 'HEAD')));

  write(src, { 'b.env': 'password: "Sheratan66!Bv3Lqa"\n' });
  g(src, 'add', '-A');
  const second = commit(src, 'second');
  const again = await scan([url], { cacheDir: cache });
  assert.equal(gitLocs(findingFor(again, 'Sheratan66!Bv3Lqa'))[0]!.provenance.commit?.id, second);
});

test('a failed clone is an issue whose message holds no credential', async () => {
  const out = await scan([`http://alice:${ENCODED}@127.0.0.1:9/org/repo.git`], { cacheDir: tmp() });
  assert.equal(out.issues.length, 1);
  assert.equal(out.issues[0]!.code, 'GIT_CLONE_FAILED');
  const text = JSON.stringify(out.issues);
  assert.ok(!text.includes(TOKEN) && !text.includes(ENCODED) && !text.includes('alice'), text);
});

test('http credentials reach the server through askpass, and are stored nowhere in the cache', async () => {
  const src = initRepo(path.join(tmp(), 'served'));
  write(src, { 'c.env': 'password: "Alphard31$Gz8Nkd"\n' });
  g(src, 'add', '-A');
  commit(src, 'served');
  const bare = path.join(tmp(), 'repo.git');
  g(src, 'clone', '-q', '--bare', src, bare);
  g(bare, 'update-server-info');
  const want = `Basic ${Buffer.from(`alice:${TOKEN}`).toString('base64')}`;
  let authorized = 0;
  // A dumb-HTTP git server: static files behind Basic authentication.
  const server = http.createServer((req, res) => {
    if (req.headers.authorization !== want) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end();
      return;
    }
    authorized++;
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/repo\.git\/?/, '');
    const file = path.join(bare, rel);
    if (!file.startsWith(bare) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as AddressInfo).port;
    const cache = tmp();
    const out = await scan([`http://alice:${ENCODED}@127.0.0.1:${port}/repo.git`], { cacheDir: cache });
    assert.deepEqual(out.issues, []);
    assert.ok(authorized > 0);
    assert.equal(gitLocs(findingFor(out, 'Alphard31$Gz8Nkd'))[0]!.provenance.repo, `127.0.0.1:${port}/repo`);
    const files: string[] = [];
    (function walk(d: string): void {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) (e.isDirectory() ? walk : (f: string) => files.push(f))(path.join(d, e.name));
    })(cache);
    for (const f of files) {
      const body = fs.readFileSync(f).toString('latin1');
      assert.ok(!body.includes(TOKEN) && !body.includes(ENCODED), `credential stored in ${f}`);
    }
    assert.match(fs.readFileSync(path.join(cachePath(parseCloneUrl(`http://127.0.0.1:${port}/repo.git`), cache), 'config'), 'utf8'), /url = http:\/\/127\.0\.0\.1:\d+\/repo\.git/);
  } finally {
    server.close();
  }
});
