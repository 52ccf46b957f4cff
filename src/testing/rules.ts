// Small rule sets for engine tests, written as rule files are (YAML through the real loader).
import { buildRuleSet, type RuleSet } from '../rules/compile.js';
import { parseRuleDocument } from '../rules/load.js';

/** A prefixed token: `tkn_` and 20 alphanumerics. */
export const TOKEN_RULE = `
  - id: test-token
    name: Test token
    description: A token with a prefix.
    severity: high
    category: saas
    keywords: [tkn_]
    pattern: '\\b(tkn_[A-Za-z0-9]{20})\\b'
    rotation: { steps: Revoke it. }
    examples: ['tkn_Q8w7E6r5T4y3U2i1O0pA']`;

/** Another prefixed token: `oth_` and 20 alphanumerics. */
export const OTHER_TOKEN_RULE = `
  - id: other-token
    name: Other token
    description: Another token with a prefix.
    severity: high
    category: saas
    keywords: [oth_]
    pattern: '\\b(oth_[A-Za-z0-9]{20})\\b'
    rotation: { steps: Revoke it. }
    examples: ['oth_Q8w7E6r5T4y3U2i1O0pA']`;

/** A generic `…secret… = "value"` assignment. */
export const GENERIC_RULE = `
  - id: test-generic
    name: Generic secret
    description: A generic assignment.
    severity: medium
    category: generic
    generic: true
    keywords: [secret]
    pattern: '(?<key>[a-z_]*secret[a-z_]*)\\s*=\\s*"([^"]+)"'
    secret_group: 2
    rotation: { steps: Change it. }
    examples: ['secret = "Kr4k3n!w8Pq"']`;

/** A multi-line BEGIN BLK / END BLK block. */
export const MULTILINE_RULE = `
  - id: test-multiline
    name: Block
    description: A multi-line block.
    severity: critical
    category: crypto-key
    keywords: ['-----begin blk']
    pattern: '-----BEGIN BLK-----[\\s\\S]{1,200}?-----END BLK-----'
    secret_group: 0
    window: { before: 0, after: 4096, multiline: true }
    rotation: { steps: Replace it. }
    examples: ["-----BEGIN BLK-----\\nabc\\n-----END BLK-----"]`;

/** A rule set of the given rules (provider `test`). */
export function testRuleSet(...rules: string[]): RuleSet {
  return buildRuleSet(parseRuleDocument(`provider: test\nrules:${rules.join('')}\n`, 'test.yaml'));
}
