// Key file tests: created owner-only, reused, repaired when loose, refused when damaged; the HMAC itself.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { KeyholeError } from '../core/errors.js';
import { KEY_BYTES, ephemeralHasher, keyPathFor, openHasher } from './keyed-hash.js';
import { openStore } from './store.js';
import { TOKEN, sampleFindings, tempDir, warnings } from './fixtures.js';

const posix = process.platform !== 'win32';
const mode = (f: string): number => fs.statSync(f).mode & 0o777;

test('opening a store creates <db>.key: 32 random bytes, mode 0600', { skip: !posix && 'POSIX modes' }, () => {
  const file = path.join(tempDir(), 'k.db');
  const old = process.umask(0o000); // the most permissive umask must still give an owner-only key
  try {
    openStore(file, { warn: () => {} }).close();
  } finally {
    process.umask(old);
  }
  const key = keyPathFor(file);
  assert.equal(key, `${file}.key`);
  assert.equal(mode(key), 0o600);
  assert.equal(fs.readFileSync(key).length, KEY_BYTES);
});

test('the same key is reused on reopen, so secret hashes are stable', () => {
  const file = path.join(tempDir(), 'k.db');
  const a = openHasher(file, () => {});
  const b = openHasher(file, () => {});
  assert.equal(a.created, true);
  assert.equal(b.created, false);
  assert.equal(a.secretHash(TOKEN), b.secretHash(TOKEN));
  const key = fs.readFileSync(keyPathFor(file));
  assert.equal(a.secretHash(TOKEN), createHmac('sha256', key).update(TOKEN).digest('hex'));
});

test('the hash is of the normalized secret, and differs under another key', () => {
  const h = ephemeralHasher();
  assert.equal(h.secretHash(`  ${TOKEN}\n`), h.secretHash(TOKEN));
  assert.equal(h.secretHash('a\\nb'), h.secretHash('a\nb'));
  assert.notEqual(h.secretHash(TOKEN), h.secretHash(`${TOKEN}x`));
  assert.notEqual(ephemeralHasher().secretHash(TOKEN), h.secretHash(TOKEN));
  assert.match(h.secretHash(TOKEN), /^[0-9a-f]{64}$/);
});

test('a key file readable by group or others is made owner-only, with a warning', { skip: !posix && 'POSIX modes' }, () => {
  const file = path.join(tempDir(), 'k.db');
  const first = openHasher(file, () => {});
  fs.chmodSync(keyPathFor(file), 0o644);
  const w = warnings();
  const again = openHasher(file, w.warn);
  assert.equal(mode(keyPathFor(file)), 0o600);
  assert.equal(w.list.length, 1);
  assert.match(w.list[0]!, /0644.*0600/);
  assert.equal(again.secretHash('x'), first.secretHash('x'));
});

test('a damaged key file is refused, not silently replaced', () => {
  const file = path.join(tempDir(), 'k.db');
  fs.writeFileSync(keyPathFor(file), 'short', { mode: 0o600 });
  assert.throws(() => openHasher(file, () => {}), (e: unknown) => e instanceof KeyholeError && /5 bytes, not 32/.test(e.message));
});

test('a lost key is recreated with a warning when the store already holds findings', () => {
  const file = path.join(tempDir(), 'k.db');
  const s = openStore(file, { warn: () => {} });
  s.saveFindings(s.beginScan('r', []), sampleFindings());
  const before = s.findings()[0]!.secretHash;
  s.close();
  fs.rmSync(keyPathFor(file));
  const w = warnings();
  const again = openStore(file, { warn: w.warn });
  assert.equal(w.list.length, 1);
  assert.match(w.list[0]!, /was missing and has been recreated/);
  again.saveFindings(again.beginScan('r', []), sampleFindings());
  assert.notEqual(again.findings()[0]!.secretHash, before);
  again.close();
});
