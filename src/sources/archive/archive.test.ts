// Archive tests: zip, jar-in-zip, tar, tgz, gz members named outer!inner; bombs, depth, truncation and a 2 GB sparse file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { zipSync } from 'fflate';
import { builtinRuleSet, deep } from '../../detect/analyzers/testing.js';
import { scanFile } from '../../pipeline/scan-file.js';

const SG = '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';
const props = `mail.api.key=${SG}\n`;
const zip = (files: Record<string, string | Uint8Array>, level: 0 | 6 = 6): Uint8Array =>
  zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? Buffer.from(v) : v])), { level });

/** A ustar archive of the given files. */
export function tar(files: Record<string, string | Uint8Array>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content);
    const h = Buffer.alloc(512);
    h.write(name, 0, 100);
    h.write('0000644\0', 100); h.write('0000000\0', 108); h.write('0000000\0', 116);
    h.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136); h.write('        ', 148); h.write('0', 156); h.write('ustar\0', 257); h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

const members = (r: ReturnType<typeof deep>): string[] => r.matches.map((m) => `${m.inner?.kind === 'archive' ? m.inner.member : ''}:${m.line}=${m.ruleId}`).sort();
const codes = (r: ReturnType<typeof deep>): string[] => r.issues.map((i) => `${i.member ?? ''}:${i.code}`).sort();

test('zip members (stored and deflated), nested jar, office container: members named outer!inner', () => {
  const jar = zip({ 'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\n', 'config/x.properties': `# settings\n${props}` });
  const r = deep('release.zip', zip({ 'config/credentials.properties': props, 'README.txt': 'hello\n', 'lib/app.jar': jar }, 0));
  assert.equal(r.status, 'ok');
  assert.deepEqual(members(r), ['config/credentials.properties:1=sendgrid-api-key', 'lib/app.jar!config/x.properties:2=sendgrid-api-key']);
  assert.deepEqual(r.issues, []);
});

test('tar, tar.gz and .gz: members scanned; a .sql.gz member keeps its name for the SQL analyzer', () => {
  const t = tar({ 'app/.env': `SENDGRID=${SG}\n`, 'app/readme.md': 'x\n' });
  assert.deepEqual(members(deep('bundle.tar', t)), ['app/.env:1=sendgrid-api-key']);
  assert.deepEqual(members(deep('bundle.tgz', zlib.gzipSync(t))), ['app/.env:1=sendgrid-api-key']);
  const sql = zlib.gzipSync("INSERT INTO users (email, password) VALUES ('a@b.c', 'Hx7#kq2Lwz9');\n");
  assert.deepEqual(members(deep('backup/dump.sql.gz', sql)), ['dump.sql:1=sql-dump-credential']);
});

test('a zip bomb (high-ratio member) is reported, not expanded', () => {
  const t0 = process.memoryUsage().rss;
  const r = deep('bomb.zip', zip({ 'zeros.bin': new Uint8Array(20 << 20), 'ok.txt': props }));
  assert.deepEqual(codes(r), ['zeros.bin:ARCHIVE_BOMB']);
  assert.deepEqual(members(r), ['ok.txt:1=sendgrid-api-key']);
  const g = deep('bomb.gz', zlib.gzipSync(new Uint8Array(20 << 20)));
  assert.deepEqual(codes(g), [':GZIP_BOMB']);
  console.log(`# bomb tests: rss ${(t0 / 2 ** 20).toFixed(0)} -> ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
});

test('nesting beyond the depth limit is reported; the levels within it are scanned', () => {
  let inner: Uint8Array = zip({ 'deep.properties': props });
  for (let i = 4; i >= 1; i--) inner = zip({ [`level${i}.zip`]: inner, [`s${i}.properties`]: props });
  const r = deep('outer.zip', inner);
  assert.ok(members(r).includes('level1.zip!level2.zip!s3.properties:1=sendgrid-api-key'));
  assert.ok(!members(r).some((m) => m.includes('deep.properties')));
  assert.deepEqual(codes(r), ['level1.zip!level2.zip!level3.zip:ARCHIVE_TOO_DEEP']);
});

test('truncated and corrupt archives give a clear issue and the scan goes on', () => {
  const z = zip({ 'a.properties': props, 'b.txt': 'x'.repeat(5000) }, 0);
  const cut = deep('cut.zip', z.subarray(0, z.length - 40));
  assert.deepEqual(codes(cut), [':ZIP_TRUNCATED']);
  assert.match(cut.issues[0]!.message, /recovered from local headers/);
  assert.deepEqual(members(cut), ['a.properties:1=sendgrid-api-key'], 'members before the cut are still scanned');
  const tgz = zlib.gzipSync(tar({ 'a.env': `K=${SG}\n`, 'big.txt': 'y'.repeat(200_000) }));
  const cutTgz = deep('cut.tgz', tgz.subarray(0, tgz.length - 100));
  assert.ok(cutTgz.issues.some((i) => /TRUNCATED/.test(i.code)), JSON.stringify(cutTgz.issues));
  assert.deepEqual(members(cutTgz), ['a.env:1=sendgrid-api-key']);
  assert.ok(codes(deep('junk.zip', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 7)]))).length >= 1);
});

test('a 2 GB sparse file is skipped quickly with bounded memory, whatever its name', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-sparse-'));
  try {
    const rs = builtinRuleSet();
    for (const name of ['disk.img', 'huge.zip', 'huge.tar', 'huge.tgz']) {
      const file = path.join(dir, name);
      fs.closeSync(fs.openSync(file, 'w'));
      fs.truncateSync(file, 2 ** 31);
      const t0 = performance.now();
      const r = scanFile(rs, file, { maxFileSize: 2 ** 32 });
      const ms = performance.now() - t0;
      assert.equal(r.status, 'binary', name);
      assert.ok(ms < 5000, `${name} took ${ms} ms`);
      fs.rmSync(file);
    }
    // A tar whose member is 2 GB of holes: the member is reported over the limit and skipped without reading it.
    const file = path.join(dir, 'sparse-member.tar');
    const head = tar({ 'disk.img': '' }).subarray(0, 512);
    head.write((2 ** 31).toString(8).padStart(11, '0') + '\0', 124);
    head.write('        ', 148);
    let sum = 0;
    for (const b of head) sum += b;
    head.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    fs.writeFileSync(file, head);
    fs.truncateSync(file, 512 + 2 ** 31 + 1024);
    const t0 = performance.now();
    const r = scanFile(rs, file, { maxFileSize: 2 ** 32 });
    assert.deepEqual(r.issues?.map((i) => `${i.member}:${i.code}`), ['disk.img:MEMBER_TOO_LARGE']);
    console.log(`# sparse 2 GB: member skipped in ${(performance.now() - t0).toFixed(0)} ms; peak rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
