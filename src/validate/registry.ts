// The offline validators by name, as rule files refer to them, and the one entry point that runs them.
import type { ValidationResult } from '../core/types.js';
import type { Validator, ValidatorInput } from './types.js';
import { atlassianCrc } from './atlassian-crc.js';
import { atlassianDcToken } from './atlassian-dc-token.js';
import { awsKeyId } from './aws-key-id.js';
import { dockerAuth } from './docker-auth.js';
import { gcpServiceAccount } from './gcp-service-account.js';
import { githubChecksum } from './github-checksum.js';
import { jwt } from './jwt.js';
import { npmChecksum } from './npm-checksum.js';
import { privateKey } from './private-key.js';

export const validators: Readonly<Record<string, Validator>> = Object.freeze({
  'github-checksum': githubChecksum,
  'npm-checksum': npmChecksum,
  'atlassian-crc': atlassianCrc,
  'atlassian-dc-token': atlassianDcToken,
  jwt,
  'private-key': privateKey,
  'aws-key-id': awsKeyId,
  'gcp-service-account': gcpServiceAccount,
  'docker-auth': dockerAuth,
});

/** Runs the validator called `name`; no name means nothing to check. Throws on a name no validator has. */
export function validate(name: string | undefined, input: ValidatorInput): ValidationResult {
  if (name === undefined) return { status: 'unknown' };
  const fn = Object.prototype.hasOwnProperty.call(validators, name) ? validators[name] : undefined;
  if (fn === undefined) {
    throw new Error(`unknown validator "${name}"; known: ${Object.keys(validators).sort().join(', ')}`);
  }
  try {
    return { ...fn(input), validator: name };
  } catch (err) {
    return { status: 'unknown', validator: name, reason: `validator failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}
