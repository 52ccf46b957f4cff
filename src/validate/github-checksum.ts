// GitHub token checksum: ghp_/gho_/ghu_/ghs_/ghr_ tokens end in base62(crc32(body)); github_pat_ has no known checksum.
import type { ValidationResult } from '../core/types.js';
import type { Validator } from './types.js';
import { checkBase62Crc32 } from './token-checksum.js';

const KINDS: Readonly<Record<string, string>> = {
  ghp_: 'personal-access-token',
  gho_: 'oauth-access-token',
  ghu_: 'user-to-server-token',
  ghs_: 'server-to-server-token',
  ghr_: 'refresh-token',
};

export const githubChecksum: Validator = ({ secret }): ValidationResult => {
  const token = secret.trim();
  if (token.startsWith('github_pat_')) {
    const rest = token.slice('github_pat_'.length);
    const ok = /^[0-9A-Za-z]{22}_[0-9A-Za-z]{59}$/.test(rest);
    return {
      status: ok ? 'unknown' : 'invalid',
      details: { prefix: 'github_pat_', kind: 'fine-grained-personal-access-token' },
      reason: ok ? 'fine-grained tokens carry no publicly known checksum' : 'fine-grained token is not 22 + "_" + 59 base62 characters',
    };
  }
  const prefix = token.slice(0, 4);
  const kind = KINDS[prefix];
  if (kind === undefined) return { status: 'invalid', reason: `not a GitHub token prefix: ${JSON.stringify(prefix)}` };
  const r = checkBase62Crc32(prefix, token.slice(4));
  return { ...r, details: { ...r.details, kind } };
};
