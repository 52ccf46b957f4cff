// JSON Web Tokens: decodes header and payload (base64url JSON) and reports alg, issuer, subject, audience and expiry.
import type { ValidationResult } from '../core/types.js';
import type { Validator } from './types.js';
import { decodeBase64Url } from './encoding.js';

/** Signature sizes in bytes that are fixed by the algorithm. */
const FIXED_SIGNATURE_BYTES: Readonly<Record<string, number>> = {
  HS256: 32,
  HS384: 48,
  HS512: 64,
  ES256: 64,
  ES384: 96,
  ES512: 132,
  ES256K: 64,
};

function decodeJsonObject(part: string): Record<string, unknown> | null {
  const raw = decodeBase64Url(part);
  if (raw === null) return null;
  try {
    const v: unknown = JSON.parse(raw.toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function numericDate(v: unknown): string | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
  const d = new Date(v * 1000);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(',');
  return undefined;
}

/** Validates a JWT; `now` (ms since epoch) is for tests. */
export function checkJwt(secret: string, now: number = Date.now()): ValidationResult {
  const parts = secret.trim().split('.');
  if (parts.length !== 3 && parts.length !== 5) {
    return { status: 'invalid', reason: `a JWT has 3 dot-separated parts (5 when encrypted), this has ${parts.length}` };
  }
  const header = decodeJsonObject(parts[0] ?? '');
  if (header === null) return { status: 'invalid', reason: 'header is not base64url-encoded JSON' };
  const alg = header['alg'];
  if (typeof alg !== 'string') return { status: 'invalid', reason: 'header has no "alg"' };
  const details: Record<string, string | number | boolean> = { alg };
  const typ = text(header['typ']);
  if (typ !== undefined) details['typ'] = typ;

  if (parts.length === 5) {
    const enc = text(header['enc']);
    if (enc === undefined) return { status: 'invalid', reason: 'five-part token without "enc": not a JWE', details };
    if (!parts.slice(1).every((p) => p === '' || decodeBase64Url(p) !== null)) return { status: 'invalid', reason: 'JWE part is not base64url', details };
    return { status: 'valid', details: { ...details, enc, encrypted: true } };
  }

  const payload = decodeJsonObject(parts[1] ?? '');
  if (payload === null) return { status: 'invalid', reason: 'payload is not base64url-encoded JSON', details };
  const signature = parts[2] ?? '';
  if (alg.toLowerCase() === 'none') {
    details['unsigned'] = true;
  } else {
    const sig = signature === '' ? null : decodeBase64Url(signature);
    if (sig === null) return { status: 'invalid', reason: signature === '' ? `alg ${alg} but no signature` : 'signature is not base64url', details };
    const want = FIXED_SIGNATURE_BYTES[alg];
    if (want !== undefined && sig.length !== want) {
      return { status: 'invalid', reason: `${alg} signatures are ${want} bytes, this one is ${sig.length}`, details };
    }
    if (/^(RS|PS)\d+$/.test(alg) && sig.length < 64) {
      return { status: 'invalid', reason: `${alg} signature of ${sig.length} bytes is shorter than any RSA key`, details };
    }
  }
  for (const claim of ['iss', 'sub', 'aud'] as const) {
    const v = text(payload[claim]);
    if (v !== undefined) details[claim] = v;
  }
  const exp = numericDate(payload['exp']);
  const iat = numericDate(payload['iat']);
  if (exp !== undefined) {
    details['exp'] = exp;
    details['expired'] = (payload['exp'] as number) * 1000 < now;
  }
  if (iat !== undefined) details['iat'] = iat;
  return { status: 'valid', details };
}

export const jwt: Validator = ({ secret }) => checkJwt(secret);
