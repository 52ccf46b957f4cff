// Atlassian cloud API tokens (ATATT…) and Bitbucket app passwords (ATBB…): the last 8 chars are the upper-case hex CRC32 of the rest.
import type { ValidationResult } from '../core/types.js';
import type { Validator } from './types.js';
import { crc32Hex } from './crc32.js';

const KINDS: Readonly<Record<string, string>> = {
  ATATT: 'atlassian-api-token',
  ATBB: 'bitbucket-app-password',
  ATCTT: 'atlassian-container-token',
};

export const atlassianCrc: Validator = ({ secret }): ValidationResult => {
  const token = secret.trim();
  const prefix = Object.keys(KINDS).find((p) => token.startsWith(p));
  if (prefix === undefined) return { status: 'invalid', reason: 'not an Atlassian token (ATATT…, ATBB…)' };
  const kind = KINDS[prefix] ?? prefix;
  if (token.length < prefix.length + 16) return { status: 'invalid', reason: 'token too short to carry a checksum', details: { kind } };
  if (!/^[A-Za-z0-9_=-]+$/.test(token)) return { status: 'invalid', reason: 'token has characters outside A-Za-z0-9_=-', details: { kind } };
  const given = token.slice(-8);
  const expected = crc32Hex(token.slice(0, -8));
  if (given !== expected) {
    return { status: 'invalid', reason: `checksum mismatch: token ends in ${given}, CRC32 of the rest is ${expected}`, details: { kind } };
  }
  return { status: 'valid', details: { kind, checksum: true } };
};
