// The CRC32-in-base62 checksum shared by GitHub and npm tokens: 30 random base62 chars then base62(crc32(body)) in 6.
import type { ValidationResult } from '../core/types.js';
import { base62Encode, isBase62 } from './base62.js';
import { crc32 } from './crc32.js';

export const CHECKSUMMED_BODY_LENGTH = 30;
export const CHECKSUM_LENGTH = 6;

/** The 6-character checksum a 30-character token body must end with. */
export function base62Crc32Checksum(body: string): string {
  return base62Encode(crc32(body), CHECKSUM_LENGTH);
}

/** Checks `rest` (the token after its prefix) as 30 base62 chars + their checksum. */
export function checkBase62Crc32(prefix: string, rest: string): ValidationResult {
  const expectedLength = CHECKSUMMED_BODY_LENGTH + CHECKSUM_LENGTH;
  if (rest.length !== expectedLength) {
    return { status: 'invalid', reason: `${prefix} token must have ${expectedLength} characters after the prefix, has ${rest.length}`, details: { prefix } };
  }
  if (!isBase62(rest)) return { status: 'invalid', reason: `${prefix} token has characters outside 0-9A-Za-z`, details: { prefix } };
  const body = rest.slice(0, CHECKSUMMED_BODY_LENGTH);
  const given = rest.slice(CHECKSUMMED_BODY_LENGTH);
  const expected = base62Crc32Checksum(body);
  if (given !== expected) {
    return { status: 'invalid', reason: `checksum mismatch: token ends in ${given}, its body's CRC32 in base62 is ${expected}`, details: { prefix } };
  }
  return { status: 'valid', details: { prefix, checksum: true } };
}
