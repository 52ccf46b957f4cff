// Docker config.json "auth" values: base64 of "user:password".
import type { ValidationResult } from '../core/types.js';
import type { Validator } from './types.js';
import { decodeBase64 } from './encoding.js';

export const dockerAuth: Validator = ({ secret }): ValidationResult => {
  const raw = decodeBase64(secret.trim());
  if (raw === null) return { status: 'invalid', reason: 'not base64' };
  const decoded = raw.toString('utf8');
  if (decoded.includes('\uFFFD') || !/^[^\x00-\x1f\x7f]*$/.test(decoded)) {
    return { status: 'invalid', reason: 'does not decode to printable text' };
  }
  const colon = decoded.indexOf(':');
  if (colon <= 0) return { status: 'invalid', reason: 'decoded text is not "user:password"' };
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (password.length === 0) return { status: 'invalid', reason: 'empty password', details: { user } };
  return { status: 'valid', details: { user } };
};
