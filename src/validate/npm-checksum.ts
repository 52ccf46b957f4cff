// npm access token checksum: npm_ + 30 base62 chars + base62(crc32(body)) in 6.
import type { ValidationResult } from '../core/types.js';
import type { Validator } from './types.js';
import { checkBase62Crc32 } from './token-checksum.js';

export const npmChecksum: Validator = ({ secret }): ValidationResult => {
  const token = secret.trim();
  if (!token.startsWith('npm_')) return { status: 'invalid', reason: 'npm tokens start with npm_' };
  return checkBase62Crc32('npm_', token.slice(4));
};
