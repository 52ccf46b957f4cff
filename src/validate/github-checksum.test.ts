// Tests for the GitHub token checksum validator, with tokens minted in the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { githubChecksum } from './github-checksum.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// An independent CRC-32 and base62, so the test does not just mirror the code under test.
function refCrc32(s: string): number {
  let c = ~0 >>> 0;
  for (const b of Buffer.from(s)) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return (~c) >>> 0;
}
function refBase62(n: number): string {
  let s = '';
  for (let v = BigInt(n); v > 0n; v /= 62n) s = ALPHABET[Number(v % 62n)] + s;
  return s.padStart(6, '0');
}
function mintToken(prefix: string): string {
  let body = '';
  for (let i = 0; i < 30; i++) body += ALPHABET[randomInt(62)];
  return `${prefix}${body}${refBase62(refCrc32(body))}`;
}
function bump(ch: string): string {
  const i = ALPHABET.indexOf(ch);
  return ALPHABET[(i + 1) % 62] ?? '0';
}

test('accepts freshly minted tokens of every classic kind', () => {
  for (const prefix of ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_']) {
    const token = mintToken(prefix);
    const r = githubChecksum({ secret: token, match: token });
    assert.equal(r.status, 'valid', `${token}: ${r.reason}`);
    assert.equal(r.details?.['prefix'], prefix);
  }
});

test('rejects a checksum off by one character', () => {
  const token = mintToken('ghp_');
  const bad = token.slice(0, -1) + bump(token.slice(-1));
  const r = githubChecksum({ secret: bad, match: bad });
  assert.equal(r.status, 'invalid');
  assert.match(r.reason ?? '', /checksum/);
});

test('rejects a body changed in one character', () => {
  const token = mintToken('gho_');
  const bad = token.slice(0, 10) + bump(token.charAt(10)) + token.slice(11);
  assert.equal(githubChecksum({ secret: bad, match: bad }).status, 'invalid');
});

test('rejects wrong length and non-base62 characters', () => {
  const token = mintToken('ghs_');
  assert.equal(githubChecksum({ secret: token.slice(0, -1), match: '' }).status, 'invalid');
  assert.equal(githubChecksum({ secret: `${token.slice(0, 8)}-${token.slice(9)}`, match: '' }).status, 'invalid');
  assert.equal(githubChecksum({ secret: 'ghx_' + token.slice(4), match: '' }).status, 'invalid');
});

test('fine-grained tokens have no known checksum: unknown', () => {
  const part = (n: number): string => Array.from({ length: n }, () => ALPHABET[randomInt(62)]).join('');
  const pat = `github_pat_${part(22)}_${part(59)}`;
  const r = githubChecksum({ secret: pat, match: pat });
  assert.equal(r.status, 'unknown');
  assert.equal(r.details?.['kind'], 'fine-grained-personal-access-token');
  assert.equal(githubChecksum({ secret: `github_pat_${part(10)}`, match: '' }).status, 'invalid');
});
