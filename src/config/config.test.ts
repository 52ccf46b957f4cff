import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Finding } from '../core/types.js';
import { sampleInput } from '../report/fixtures/findings.js';
import { loadBuiltinRules } from '../rules/load.js';
import { tempDir } from '../testing/cli.js';
import { allowFindings, configureLimits, configureRules, pathMatcher } from './apply.js';
import { findConfig, parseConfig } from './load.js';

const CUSTOM = `
rules:
  - id: acme-token
    name: ACME token
    description: An ACME API token.
    severity: high
    category: saas
    keywords: [acme_tok_]
    pattern: '\\b(acme_tok_[A-Za-z0-9]{16})\\b'
    rotation: { steps: Revoke it. }
    examples: [acme_tok_Zx81Qw55Lp09Rt7K]
disable: [aws-access-key-id]
allow:
  regexes: ['EXAMPLE$']
  stopwords: [Dummy]
  paths: ['vendor/**']
  findings: [abcd1234]
limits:
  maxFileSize: 2M
  archiveDepth: 1
  archiveMaxBytes: 1048576
  markings: []
`;

test('config: parsed, frozen, with custom rules in the built-in schema (provider defaults to custom)', () => {
  const c = parseConfig(CUSTOM, 'k.yaml');
  assert.ok(Object.isFrozen(c) && Object.isFrozen(c.allow) && Object.isFrozen(c.allow.paths));
  assert.equal(c.rules.length, 1);
  assert.equal(c.rules[0]!.provider, 'custom');
  assert.deepEqual(c.limits, { maxFileSize: 2 << 20, archiveDepth: 1, archiveMaxBytes: 1048576, markings: [] });
  assert.deepEqual(parseConfig('', 'empty.yaml').allow.paths, []);
});

test('config: errors name the file and the field', () => {
  assert.throws(() => parseConfig('allow:\n  pathz: []\n', 'k.yaml'), /^KeyholeError: k\.yaml: field allow\.pathz: unknown field$/);
  assert.throws(() => parseConfig("allow:\n  regexes: ['[']\n", 'k.yaml'), /k\.yaml: field allow\.regexes\.0: not a valid regular expression/);
  assert.throws(() => parseConfig('disable: nope\n', 'k.yaml'), /k\.yaml: field disable: /);
  assert.throws(() => parseConfig('limits:\n  archiveDepth: -1\n', 'k.yaml'), /k\.yaml: field limits\.archiveDepth: /);
  assert.throws(() => parseConfig('rules:\n  - id: Bad_Id\n', 'k.yaml'), /k\.yaml: rules: rule Bad_Id: field id: must be kebab-case/);
});

test('config: rules are built-ins minus disabled plus custom, every one with the allow lists', () => {
  const c = parseConfig(CUSTOM, 'k.yaml');
  const builtin = loadBuiltinRules();
  const rules = configureRules(builtin, c);
  const ids = rules.map((r) => r.spec.id);
  assert.ok(!ids.includes('aws-access-key-id'));
  assert.ok(ids.includes('acme-token'));
  assert.equal(rules.length, builtin.length);
  for (const r of rules) {
    assert.ok(r.spec.allow?.regexes.includes('EXAMPLE$'));
    assert.ok(r.spec.allow?.stopwords.includes('Dummy'));
  }
  assert.deepEqual(configureRules(builtin, undefined).length, builtin.length);
  assert.throws(() => configureRules(builtin, parseConfig('disable: [x, no-such]\n', 'k.yaml')), /k\.yaml: field disable\.0: no rule "x"/);
});

test('config: findings allowed by id, regex, stopword and path', () => {
  const all = sampleInput().findings;
  const keep = (yaml: string): Finding[] => allowFindings(all, parseConfig(yaml, 'k.yaml'));
  assert.equal(keep('{}').length, all.length);
  assert.deepEqual(keep(`allow: { findings: [${all[0]!.id}] }`).map((f) => f.id), all.slice(1).map((f) => f.id));
  assert.ok(!keep("allow: { regexes: ['EXAMPLE$'] }").some((f) => f.ruleId === 'aws-access-key-id'));
  assert.ok(!keep('allow: { stopwords: [example] }').some((f) => f.ruleId === 'aws-access-key-id'));
  const aws = all.find((f) => f.ruleId === 'aws-access-key-id')!;
  const after = keep("allow: { paths: ['deploy/**', '*.zip'] }").find((f) => f.id === aws.id)!;
  assert.equal(after.locations.length, aws.locations.length - 2, 'the git location under deploy/ and the archive location are dropped');
});

test('config: path globs match as --exclude does: any tail of the path, or the name', () => {
  const m = pathMatcher(['test/**', '*.pem']);
  assert.ok(m('/tmp/x/test/fixtures/a.env'));
  assert.ok(m('test/a'));
  assert.ok(m('keys/server.pem'));
  assert.ok(!m('src/tests.ts'));
  assert.ok(!pathMatcher([])('anything'));
});

test('config: limits fill in flags not given on the command line', () => {
  const c = parseConfig(CUSTOM, 'k.yaml');
  const flags = { maxFileSize: '100M', archiveDepth: '3', archiveMaxBytes: '256M', archiveMaxEntries: '10000', marking: [], markings: true };
  assert.deepEqual(configureLimits(flags, c, () => false), { ...flags, maxFileSize: String(2 << 20), archiveDepth: '1', archiveMaxBytes: '1048576', markings: false });
  assert.deepEqual(configureLimits(flags, c, () => true), flags);
});

test('config: found in the directory, or named; --no-config-file turns it off', () => {
  const dir = tempDir();
  assert.equal(findConfig(undefined, dir), undefined);
  fs.writeFileSync(path.join(dir, '.keyhole.yaml'), 'disable: [a-b]\n');
  assert.deepEqual(findConfig(undefined, dir)?.disable, ['a-b']);
  assert.equal(findConfig(false, dir), undefined);
  assert.throws(() => findConfig(path.join(dir, 'missing.yaml'), dir), /missing\.yaml: cannot read config file/);
});
