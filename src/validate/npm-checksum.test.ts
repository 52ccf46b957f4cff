// Tests for the npm token checksum validator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { npmChecksum } from './npm-checksum.js';
import { base62Crc32Checksum } from './token-checksum.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
function mint(): string {
  let body = '';
  for (let i = 0; i < 30; i++) body += ALPHABET[randomInt(62)];
  return `npm_${body}${base62Crc32Checksum(body)}`;
}

test('accepts a freshly minted npm token', () => {
  for (let i = 0; i < 5; i++) {
    const t = mint();
    assert.equal(npmChecksum({ secret: t, match: t }).status, 'valid', t);
  }
});

test('rejects a checksum off by one character', () => {
  const t = mint();
  const last = t.slice(-1);
  const bad = t.slice(0, -1) + (last === 'a' ? 'b' : 'a');
  const r = npmChecksum({ secret: bad, match: bad });
  assert.equal(r.status, 'invalid');
  assert.match(r.reason ?? '', /checksum mismatch/);
});

test('rejects other prefixes and lengths', () => {
  const t = mint();
  assert.equal(npmChecksum({ secret: 'npx_' + t.slice(4), match: '' }).status, 'invalid');
  assert.equal(npmChecksum({ secret: t + 'A', match: '' }).status, 'invalid');
});

test('fixed vectors computed independently (Python zlib.crc32 + base62)', () => {
  for (const t of ['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', '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']) {
    assert.equal(npmChecksum({ secret: t, match: t }).status, 'valid', t);
  }
  assert.equal(npmChecksum({ secret: 'npm_aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW00snvpZ', match: '' }).status, 'invalid');
});
