// AWS access key ids (AKIA…, ASIA…): decodes the 12-digit account id encoded in the base32 body.
import type { ValidationResult } from '../core/types.js';
import type { Validator } from './types.js';

const KINDS: Readonly<Record<string, 'long-term' | 'temporary'>> = {
  AKIA: 'long-term',
  ASIA: 'temporary',
  ABIA: 'temporary', // STS service bearer token
  ACCA: 'temporary', // context-specific credential
};

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding; null on a character outside the alphabet. */
function base32Decode(s: string): Uint8Array | null {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of s) {
    const v = BASE32.indexOf(ch);
    if (v < 0) return null;
    buffer = ((buffer << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/** The account id encoded in an access key id, as 12 digits; null when the id is not decodable. */
export function awsAccountFromKeyId(keyId: string): string | null {
  const raw = base32Decode(keyId.slice(4));
  if (raw === null || raw.length < 6) return null;
  let z = 0n;
  for (const b of raw.subarray(0, 6)) z = (z << 8n) | BigInt(b);
  const account = (z & 0x7fffffffff80n) >> 7n;
  return account.toString().padStart(12, '0');
}

export const awsKeyId: Validator = ({ secret }): ValidationResult => {
  const id = secret.trim();
  const prefix = id.slice(0, 4);
  const type = KINDS[prefix];
  if (type === undefined) return { status: 'invalid', reason: `not an AWS access key id prefix: ${JSON.stringify(prefix)}` };
  if (!/^[A-Z2-7]{16}$/.test(id.slice(4))) {
    return { status: 'invalid', reason: 'an access key id is the prefix and 16 characters of A-Z2-7', details: { type, prefix } };
  }
  // The first body bit marks the key generation: only newer ids (bit set) encode the account.
  if (BASE32.indexOf(id.charAt(4)) < 16) {
    return { status: 'valid', details: { type, prefix, generation: 'legacy' }, reason: 'legacy key id: the account is not encoded in it' };
  }
  const account = awsAccountFromKeyId(id);
  if (account === null) return { status: 'invalid', reason: 'body does not decode as base32', details: { type, prefix } };
  return { status: 'valid', details: { account, type, prefix, generation: 'current' } };
};
