// Tests for the AWS access key id validator (account id decoding).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { awsAccountFromKeyId, awsKeyId } from './aws-key-id.js';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}
/** A current-generation key id for `account`: generation bit, 40-bit account, random rest. */
function mint(prefix: string, account: bigint): string {
  const rnd = randomBytes(10);
  let head = (1n << 47n) | (account << 7n) | BigInt((rnd[0] ?? 0) & 0x7f);
  const bytes = Buffer.alloc(10);
  for (let i = 5; i >= 0; i--) {
    bytes[i] = Number(head & 0xffn);
    head >>= 8n;
  }
  rnd.copy(bytes, 6, 6, 10);
  return prefix + base32(bytes);
}

test('decodes the published example ASIAY34FZKBOKMUTVV7A to 609629065308', () => {
  assert.equal(awsAccountFromKeyId('ASIAY34FZKBOKMUTVV7A'), '609629065308');
  const r = awsKeyId({ secret: 'ASIAY34FZKBOKMUTVV7A', match: '' });
  assert.equal(r.status, 'valid');
  assert.deepEqual([r.details?.['account'], r.details?.['type']], ['609629065308', 'temporary']);
});

test('round-trips accounts through minted long-term key ids', () => {
  for (const account of [123456789012n, 1n, 999999999999n]) {
    const id = mint('AKIA', account);
    assert.equal(id.length, 20);
    const r = awsKeyId({ secret: id, match: id });
    assert.equal(r.status, 'valid', r.reason);
    assert.equal(r.details?.['account'], account.toString().padStart(12, '0'));
    assert.equal(r.details?.['type'], 'long-term');
  }
});

test('legacy key ids are valid but carry no account', () => {
  const r = awsKeyId({ secret: 'AKIAI44QH8DHBEXAMPLE'.replace('8', 'Z'), match: '' });
  assert.equal(r.status, 'valid', r.reason);
  assert.equal(r.details?.['generation'], 'legacy');
  assert.equal(r.details?.['account'], undefined);
});

test('rejects unknown prefixes, non-base32 characters and wrong lengths', () => {
  const id = mint('AKIA', 123456789012n);
  assert.equal(awsKeyId({ secret: 'AIDA' + id.slice(4), match: '' }).status, 'invalid');
  assert.equal(awsKeyId({ secret: id.slice(0, 10) + '0' + id.slice(11), match: '' }).status, 'invalid');
  assert.equal(awsKeyId({ secret: id.slice(0, 19), match: '' }).status, 'invalid');
});
