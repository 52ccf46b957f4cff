// Tests for the CRC-32 and base62 helpers against published check values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, crc32Hex } from './crc32.js';
import { base62Encode, isBase62 } from './base62.js';

test('crc32 matches the standard check value', () => {
  assert.equal(crc32('123456789'), 0xcbf43926);
  assert.equal(crc32(''), 0);
  assert.equal(crc32(Buffer.from('The quick brown fox jumps over the lazy dog')), 0x414fa339);
});

test('crc32Hex is 8 upper-case hex digits, zero-padded', () => {
  assert.equal(crc32Hex('123456789'), 'CBF43926');
  assert.match(crc32Hex('a'), /^[0-9A-F]{8}$/);
});

test('base62Encode uses 0-9A-Za-z in that order and pads', () => {
  assert.equal(base62Encode(0), '0');
  assert.equal(base62Encode(10), 'A');
  assert.equal(base62Encode(36), 'a');
  assert.equal(base62Encode(61), 'z');
  assert.equal(base62Encode(62), '10');
  assert.equal(base62Encode(62, 6), '000010');
  assert.equal(base62Encode(0xffffffff, 6), '4gfFC3');
  assert.throws(() => base62Encode(-1));
});

test('isBase62', () => {
  assert.equal(isBase62('abcXYZ019'), true);
  assert.equal(isBase62('ab_c'), false);
});
