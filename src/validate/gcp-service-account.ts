// Google Cloud service-account key files: the JSON must be a service_account with a *.iam.gserviceaccount.com email and a parseable private key.
import type { ValidationResult } from '../core/types.js';
import type { Validator } from './types.js';
import { normalizeKeyText, privateKey } from './private-key.js';

/** Parses `text` as a JSON object, or else the first {...} span in it; null when neither works. */
function parseObject(text: string): Record<string, unknown> | null {
  const tries = [text.trim()];
  const open = text.indexOf('{');
  const close = text.lastIndexOf('}');
  if (open >= 0 && close > open) tries.push(text.slice(open, close + 1));
  for (const t of tries) {
    try {
      const v: unknown = JSON.parse(t);
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // try the next candidate
    }
  }
  return null;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** True when `secret` is the key file's private_key_id or its private_key (compared after unescaping). */
function belongsTo(secret: string, json: Record<string, unknown>): boolean {
  const s = secret.trim();
  if (s === str(json['private_key_id'])) return true;
  const pem = str(json['private_key']);
  return pem !== undefined && s.includes('PRIVATE KEY') && normalizeKeyText(s) === normalizeKeyText(pem);
}

export const gcpServiceAccount: Validator = ({ secret, match }): ValidationResult => {
  const fromSecret = parseObject(secret);
  const json = fromSecret ?? parseObject(match);
  if (json === null) {
    return /^[0-9a-f]{40}$/.test(secret.trim())
      ? { status: 'unknown', reason: 'a private_key_id without its key file: nothing to check offline' }
      : { status: 'invalid', reason: 'not a service-account JSON object' };
  }
  if (fromSecret === null && !belongsTo(secret, json)) {
    return { status: 'invalid', reason: 'the secret is neither the private_key_id nor the private_key of the key file around it' };
  }
  if (json['type'] !== 'service_account') return { status: 'invalid', reason: `type is ${JSON.stringify(json['type'])}, not "service_account"` };
  const clientEmail = str(json['client_email']);
  const project = str(json['project_id']);
  const details: Record<string, string | number | boolean> = {};
  if (project !== undefined) details['project'] = project;
  if (clientEmail !== undefined) details['client_email'] = clientEmail;
  if (clientEmail === undefined || !/^[^@\s]+@[a-z0-9-]+\.iam\.gserviceaccount\.com$/.test(clientEmail)) {
    return { status: 'invalid', reason: 'client_email is not a *.iam.gserviceaccount.com address', details };
  }
  const keyId = str(json['private_key_id']);
  if (keyId !== undefined) details['private_key_id'] = keyId;
  const pem = str(json['private_key']);
  if (pem === undefined) return { status: 'invalid', reason: 'no private_key', details };
  const key = privateKey({ secret: pem, match: pem });
  if (key.status !== 'valid') return { status: 'invalid', reason: `private_key: ${key.reason ?? 'does not parse'}`, details };
  for (const k of ['type', 'bits'] as const) {
    const v = key.details?.[k];
    if (v !== undefined) details[k === 'type' ? 'keyType' : 'keyBits'] = v;
  }
  return { status: 'valid', details };
};
