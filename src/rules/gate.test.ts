import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gateFor, leadingLiterals, passes } from './gate.js';

const at = (g: ReturnType<typeof gateFor>, text: string, offset: number): boolean => passes(g!, Buffer.from(text, 'latin1'), offset);

test('gate: a literal after a lookbehind, case-sensitive, with the bytes that may not precede it', () => {
  const g = gateFor('(?<![A-Za-z0-9+/_-])(EAA[A-Za-z0-9]{90,400})(?![A-Za-z0-9_-])', false, 'eaa', ['eaa']);
  assert.ok(g);
  assert.equal(Buffer.from(g.lit).toString('latin1'), 'EAA');
  const tail = 'B'.repeat(20);
  assert.equal(at(g, ' EAA' + tail, 1), true);
  assert.equal(at(g, 'EAA' + tail, 0), true, 'at the start of the buffer nothing precedes');
  assert.equal(at(g, 'hEAA' + tail, 1), false, 'a letter before');
  assert.equal(at(g, ' eaa' + tail, 1), false, 'other case');
  assert.equal(at(g, '/EAA' + tail, 1), false, 'a base64 character before');
  assert.equal(at(g, '"\\nEAA' + tail, 3), true, 'an escape before: decoded, it may be a line break');
  assert.equal(at(g, 'a%3DEAA' + tail, 4), true, 'a percent-escape before');
  assert.equal(at(g, ' EA', 1), false, 'the literal runs past the end');
});

test('gate: \\b before a word character, a literal group, and a prefix check longer than the keyword', () => {
  const aws = '\\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\\b';
  assert.deepEqual(leadingLiterals(aws, false)?.lits, ['AKIA', 'ASIA', 'ABIA', 'ACCA']);
  const g = gateFor(aws, false, 'asia', ['akia', 'asia', 'abia', 'acca']);
  assert.equal(at(g, '=ASIAX', 1), true);
  assert.equal(at(g, 'xASIAX', 1), false);
  assert.equal(at(g, '=asiaX', 1), false);
  const long = gateFor('(?<![A-Za-z0-9])(sk-ant-api03-[A-Za-z0-9_-]{93}AA)', false, 'sk-ant', ['sk-ant']);
  assert.equal(Buffer.from(long!.lit).toString('latin1'), 'sk-ant-api03-');
  assert.equal(at(long, ' sk-ant-admin01-', 1), false);
});

test('gate: ignore_case compares without case; a named group is opened', () => {
  const g = gateFor('(?<name>rollbar)[\\w.-]{0,30}token', true, 'rollbar', ['rollbar']);
  assert.ok(g?.fold);
  assert.equal(at(g, 'ROLLBAR_TOKEN', 0), true);
});

test('gate: nothing derived where a match need not start with the keyword', () => {
  // Top-level alternation, a class first, a quantified last character, a keyword inside the literal.
  assert.equal(leadingLiterals('abc|def', false), undefined);
  assert.equal(leadingLiterals('[a-z]{11}AAAA', false), undefined);
  assert.deepEqual(leadingLiterals('ab?c', false)?.lits, ['a']);
  assert.equal(gateFor('(?:^|\\s)(-u|--user)=', false, '-u', ['-u', '--user']), undefined);
  assert.equal(gateFor('[a-z0-9]{11}AAAAAAAAAA[A-Za-z0-9_-]{43}', false, 'aaaaaaaaaa', ['aaaaaaaaaa']), undefined);
  // A literal no keyword of the rule starts: a match may be found by a hit elsewhere, so no gate.
  assert.equal(gateFor('(?:AKIA|ZZZZ)[A-Z]{16}', false, 'akia', ['akia']), undefined);
  // An optional group before the rest.
  assert.equal(leadingLiterals('(abc)?def', false), undefined);
  assert.equal(leadingLiterals('(?:abc)*def', false), undefined);
  assert.equal(leadingLiterals('(?:abc){0,2}def', false), undefined);
  assert.deepEqual(leadingLiterals('(?:abc)+def', false)?.lits, ['abc']);
  // Lookaheads are not groups to open.
  assert.equal(leadingLiterals('(?=abc)abc', false), undefined);
  assert.equal(gateFor(undefined, false, 'x', ['x']), undefined);
});

test('gate: (?:^|[^...]) before the literal works as a lookbehind', () => {
  const g = gateFor('(?:^|[^\\w-])(key-[0-9a-f]{32})\\b', false, 'key-', ['key-']);
  const hex = '0'.repeat(32);
  assert.equal(at(g, ' key-' + hex, 1), true);
  assert.equal(at(g, 'api-key-' + hex, 4), false);
  assert.equal(at(g, 'monkey-' + hex, 3), false);
});

test('gate: the class repeated right after the literal must follow it', () => {
  const g = gateFor('(?<![A-Za-z0-9+/_-])(EAA[A-Za-z0-9]{90,400})(?![A-Za-z0-9_-])', false, 'eaa', ['eaa']);
  assert.equal(g?.followMin, 16);
  assert.equal(at(g, ',EAAE,AAAA', 1), false, 'a source-map segment');
  assert.equal(at(g, ' EAA' + 'x'.repeat(16), 1), true);
  assert.equal(at(g, ' EAA' + 'x'.repeat(15), 1), false, 'the input ends first');
  assert.equal(at(g, ' EAAxx\\u0041' + 'x'.repeat(10), 1), true, 'an escape may decode into the class');
  const pat = gateFor('(?<![A-Za-z0-9+/_-])(pat[A-Za-z0-9]{14}\\.[0-9a-f]{64})', false, 'pat', ['pat']);
  assert.equal(pat?.followMin, 14);
  assert.equal(at(pat, ' pathToFileURL(x)', 1), false);
  const plus = gateFor('\\b(xoxb-\\d+-[a-z]+)', false, 'xoxb-', ['xoxb-']);
  assert.equal(plus?.followMin, 1);
  assert.equal(at(plus, ' xoxb-1', 1), true);
  assert.equal(at(plus, ' xoxb-a', 1), false);
  // An optional class says nothing.
  assert.equal(gateFor('\\b(abc[0-9]{0,5}x)', false, 'abc', ['abc'])?.follow, undefined);
});
