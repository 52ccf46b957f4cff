// Private keys (PEM PKCS#1/SEC1/DSA/PKCS#8, encrypted PEM, OpenSSH, PGP, PuTTY PPK): checks the structure and reports the key type.
import { createPrivateKey } from 'node:crypto';
import type { ValidationResult } from '../core/types.js';
import type { Validator } from './types.js';
import { decodeBase64 } from './encoding.js';
import { checkOpenSshKey } from './openssh-key.js';
import { checkPgpArmor } from './pgp-key.js';
import { checkPpk } from './ppk-key.js';

/**
 * Undoes the ways a key gets embedded: literal "\n" escapes (JSON, Terraform state), "\/" escapes
 * (PHP's json_encode), CRLF, indentation, and quotes at line ends.
 */
export function normalizeKeyText(secret: string): string {
  return secret
    .replace(/(?:\\+r)?\\+n/g, '\n')
    .replace(/\\+\//g, '/')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim().replace(/^["']+|["',]+$/g, '').trim())
    .join('\n')
    .trim();
}

/** True when `der` is one complete DER SEQUENCE (its length header matches the byte count). */
function isCompleteDerSequence(der: Uint8Array): boolean {
  if (der.length < 2 || der[0] !== 0x30) return false;
  const l0 = der[1] ?? 0;
  let header = 2;
  let len = l0;
  if (l0 & 0x80) {
    const n = l0 & 0x7f;
    if (n < 1 || n > 4 || der.length < 2 + n) return false;
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + (der[2 + k] ?? 0);
    header += n;
  }
  return header + len === der.length;
}

const CURVE_NAMES: Readonly<Record<string, string>> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

function wrap64(b64: string): string {
  return b64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
}

/** Splits a PEM block's inner text into RFC 1421 headers and base64 body. */
function splitPemBody(inner: string): { headers: Map<string, string>; body: string } {
  const headers = new Map<string, string>();
  const body: string[] = [];
  for (const line of inner.split('\n')) {
    const h = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/.exec(line);
    if (h?.[1] && body.length === 0) headers.set(h[1].toLowerCase(), h[2] ?? '');
    else if (line.length > 0) body.push(line);
  }
  return { headers, body: body.join('') };
}

function checkPem(label: string, inner: string): ValidationResult {
  if (label === 'PGP PRIVATE KEY BLOCK') return checkPgpArmor(inner);
  const { headers, body } = splitPemBody(inner);
  const raw = decodeBase64(body);
  if (raw === null) return { status: 'invalid', reason: 'key body is not base64', details: { label } };
  if (label === 'OPENSSH PRIVATE KEY') return checkOpenSshKey(raw);

  const procType = headers.get('proc-type') ?? '';
  if (/ENCRYPTED/i.test(procType)) {
    const cipher = (headers.get('dek-info') ?? '').split(',')[0] ?? '';
    const details: Record<string, string | number | boolean> = { label, encrypted: true };
    if (cipher) details['cipher'] = cipher;
    if (raw.length < 16 || raw.length % 8 !== 0) return { status: 'invalid', reason: 'encrypted body is not whole cipher blocks', details };
    return { status: 'valid', details };
  }
  if (!isCompleteDerSequence(raw)) return { status: 'invalid', reason: 'body is not one complete DER structure (truncated or corrupt)', details: { label } };
  if (label === 'ENCRYPTED PRIVATE KEY') return { status: 'valid', details: { label, format: 'pkcs8', encrypted: true } };

  let key;
  try {
    key = createPrivateKey({ key: `-----BEGIN ${label}-----\n${wrap64(raw.toString('base64'))}\n-----END ${label}-----\n`, format: 'pem' });
  } catch (err) {
    return { status: 'invalid', reason: `not a parseable private key: ${err instanceof Error ? err.message : String(err)}`, details: { label } };
  }
  const details: Record<string, string | number | boolean> = { label, type: key.asymmetricKeyType ?? 'unknown', encrypted: false };
  const kd = key.asymmetricKeyDetails;
  if (kd?.modulusLength !== undefined) details['bits'] = kd.modulusLength;
  if (kd?.namedCurve !== undefined) details['curve'] = CURVE_NAMES[kd.namedCurve] ?? kd.namedCurve;
  return { status: 'valid', details };
}

export const privateKey: Validator = ({ secret }): ValidationResult => {
  const text = normalizeKeyText(secret);
  const ppkAt = text.indexOf('PuTTY-User-Key-File-');
  const pemAt = text.indexOf('-----BEGIN ');
  if (ppkAt >= 0 && (pemAt < 0 || ppkAt < pemAt)) return checkPpk(text.slice(ppkAt));
  if (pemAt < 0) return { status: 'invalid', reason: 'no PEM BEGIN line or PuTTY header' };
  const begin = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text.slice(pemAt));
  const label = begin?.[1];
  if (!begin || label === undefined) return { status: 'invalid', reason: 'malformed BEGIN line' };
  if (!/PRIVATE KEY/.test(label)) return { status: 'invalid', reason: `${label} is not private key material`, details: { label } };
  const start = pemAt + begin[0].length;
  const endLine = `-----END ${label}-----`;
  const end = text.indexOf(endLine, start);
  if (end < 0) return { status: 'invalid', reason: `no "${endLine}" line: truncated`, details: { label } };
  return checkPem(label, text.slice(start, end));
};
