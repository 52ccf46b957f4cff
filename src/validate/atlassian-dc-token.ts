// Jira/Confluence Data Center personal access tokens and Bitbucket DC HTTP tokens (BBDC-): base64 of "<12-digit id>:<20 random bytes>".
import type { ValidationResult } from '../core/types.js';
import type { Validator } from './types.js';
import { decodeBase64 } from './encoding.js';

export const atlassianDcToken: Validator = ({ secret }): ValidationResult => {
  let token = secret.trim();
  let product = 'jira-confluence';
  if (token.startsWith('BBDC-')) {
    token = token.slice(5);
    product = 'bitbucket';
  }
  if (token.length !== 44 || !/^[A-Za-z0-9+/]{44}$/.test(token)) {
    return { status: 'invalid', reason: 'a Data Center token is 44 base64 characters without padding', details: { product } };
  }
  const raw = decodeBase64(token);
  if (raw === null || raw.length !== 33) return { status: 'invalid', reason: 'does not decode to 33 bytes', details: { product } };
  const head = raw.subarray(0, 13).toString('latin1');
  const m = /^(\d{12}):$/.exec(head);
  if (!m?.[1]) return { status: 'invalid', reason: 'decoded token does not start with a 12-digit id and ":"', details: { product } };
  return { status: 'valid', details: { product, id: m[1] } };
};
