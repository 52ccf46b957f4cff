import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MULTILINE_RULE, OTHER_TOKEN_RULE, TOKEN_RULE, testRuleSet } from '../testing/rules.js';
import { inlineAllows, lineAllows } from './allow-comments.js';
import { scanBytes } from './engine.js';

const rs = testRuleSet(TOKEN_RULE, OTHER_TOKEN_RULE, MULTILINE_RULE);
const TOKEN = 'tkn_Q8w7E6r5T4y3U2i1O0pA';
const scan = (text: string): string[] => scanBytes(rs, Buffer.from(text)).map((m) => `${m.ruleId}@${m.line}`);

test('inline allow: the same secret with and without the comment', () => {
  assert.deepEqual(scan(`token = "${TOKEN}"\n`), ['test-token@1']);
  assert.deepEqual(scan(`token = "${TOKEN}" # keyhole:allow\n`), []);
  assert.deepEqual(scan(`token = "${TOKEN}" // gitleaks:allow\n`), []);
  assert.deepEqual(scan(`# keyhole:allow\ntoken = "${TOKEN}"\n`), ['test-token@2'], 'a comment on another line does not apply');
  assert.deepEqual(scan(`token = "${TOKEN}" # keyhole:allowed\n`), ['test-token@1'], 'a longer word is not the marker');
  assert.deepEqual(scan(`token = "${TOKEN}" # keyhole:allow test fixture, not real\n`), [], 'words that are not rule ids are comment text');
});

test('inline allow: a rule id limits the allow to that rule', () => {
  const line = `a = "${TOKEN}"; b = "oth_Q8w7E6r5T4y3U2i1O0pB"`;
  assert.deepEqual(scan(`${line}\n`).sort(), ['other-token@1', 'test-token@1']);
  assert.deepEqual(scan(`${line} # keyhole:allow other-token\n`), ['test-token@1'], 'an allow for another rule does not apply');
  assert.deepEqual(scan(`${line} # keyhole:allow test-token\n`), ['other-token@1']);
  assert.deepEqual(scan(`${line} # keyhole:allow test-token, other-token\n`), []);
  assert.deepEqual(scan(`${line} # keyhole:allow: other-token\n`), ['test-token@1']);
});

test('inline allow: the full line is read, not the bounded context', () => {
  const pad = 'x'.repeat(2000);
  assert.deepEqual(scan(`t = "${TOKEN}" ${pad} # keyhole:allow\n`), []);
  assert.deepEqual(scan(`# keyhole:allow ${pad} t = "${TOKEN}"\n`), []);
});

test('inline allow: a multi-line match is allowed by a comment on any of its lines', () => {
  assert.deepEqual(scan('-----BEGIN BLK----- # keyhole:allow\nabc\n-----END BLK-----\n'), []);
  assert.deepEqual(scan('-----BEGIN BLK-----\nabc\n-----END BLK-----\n'), ['test-multiline@1']);
});

test('inline allow: no marker on the line, not allowed', () => {
  assert.equal(inlineAllows(Buffer.from('nothing here'), () => true)(0, 7, 'any-rule'), false);
  const known = (id: string): boolean => id === 'a-rule';
  assert.equal(lineAllows('x # keyhole:allow a-rule', 'a-rule', known), true);
  assert.equal(lineAllows('x # keyhole:allow a-rule', 'b-rule', known), false);
  assert.equal(lineAllows('x # KEYHOLE:ALLOW', 'b-rule', known), false);
});
