import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxReach } from './regex-length.js';

test('maxReach bounds literals, classes, groups, alternation and counted repeats', () => {
  assert.equal(maxReach('abc'), 3);
  assert.equal(maxReach('[a-z]{2,5}x?'), 6);
  assert.equal(maxReach('(?:ab|c)\\d{3}'), 5);
  assert.equal(maxReach('\\x41\\u0042\\.'), 3);
  assert.equal(maxReach('(?<![a-z])a'), 1);
});

test('maxReach counts what lookaheads, \\b and $ read past the match', () => {
  assert.equal(maxReach('(?<k>[A-Z]{4})(?=x)'), 5);
  assert.equal(maxReach('(?<k>[A-Z]{4})\\b'), 5);
  assert.equal(maxReach('a(?!bcd)'), 4);
  assert.equal(maxReach('^a{3}$'), 4);
  assert.equal(maxReach('(?:a\\b){2}'), 3);
  assert.equal(maxReach('a{2}?b'), 3);
  assert.equal(maxReach('[\\]a]{0,10}'), 10);
});

test('maxReach is Infinity where the length is unbounded or not understood', () => {
  for (const p of ['a*', 'a+', 'a{2,}', '(a)\\1', '(?<n>a)\\k<n>', 'a)', '(?i:a)'])
    assert.equal(maxReach(p), Infinity, p);
});

test('maxReach of the built-in after_keyword hints', () => {
  // generic.yaml and uri-credentials.yaml: what the engine converts after a keyword for them.
  assert.equal(maxReach('[A-Za-z0-9_.-]{0,80}(?:["\'`]|\\\\")?[ \\t]{0,30}(?::=|=>|->|\\?=|[:=])'), 114);
  assert.equal(maxReach('[^\\s:@/?#"\'`<>\\\\{}|\\[\\]]{0,128}:[^\\s@/?"\'`<>\\\\{}|\\[\\]]{3,128}@'), 258);
});

test('maxReach is never below the length of a match the regex finds', () => {
  const cases: [string, string][] = [
    ['[a-c]{1,4}(?:xy|z)?', 'abcaxy'],
    ['(?:a|bb){0,3}c', 'bbbbbbc'],
    ['\\w{2}\\s?\\d{1,2}', 'ab 12'],
  ];
  for (const [p, text] of cases) {
    const m = new RegExp(p).exec(text);
    assert.ok(m && m[0].length <= maxReach(p), p);
    assert.equal(m![0].length, maxReach(p), `${p}: the longest case is reached`);
  }
});
