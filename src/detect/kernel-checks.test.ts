import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runPrefilterNative, setKernelsEnabled } from '../native/kernels.js';
import { GENERIC_RULE, TOKEN_RULE, testRuleSet } from '../testing/rules.js';
import { scanBytes } from './engine.js';
import { keywordChecks } from './kernel-checks.js';

const rs = testRuleSet(TOKEN_RULE, GENERIC_RULE);
const real = 'tkn_Q8w7E6r5T4y3U2i1O0pA';
const text = Buffer.from(
  [
    `TKN_Q8w7E6r5T4y3U2i1O0pA`, // the wrong case: the rule's literal is tkn_
    `tkn_short, more`, // not followed by 16 characters of the class the pattern repeats
    `tkn_\\u00418w7E6r5T4y3U2i1O0pB`, // an escape may decode to one: let through
    `key: ${real}`,
    `my_secret = "Kr4k3n!w8Pq"`, // a rule with no gate: every hit of its keyword is reported
    `SECRET`,
  ].join('\n'),
  'latin1',
);

function hits(checks?: Uint8Array): string[] {
  const out: string[] = [];
  runPrefilterNative(rs.prefilter, text, (k, end) => out.push(`${rs.prefilter.keywords[k]}@${end}`), checks);
  return out;
}

test('the kernel drops the hits no gate could pass, and only those', () => {
  const all = hits();
  const checked = hits(keywordChecks(rs));
  assert.equal(all.filter((h) => h.startsWith('tkn_')).length, 4);
  const at = (s: string): string => `tkn_@${text.indexOf(s) + 4}`;
  assert.deepEqual(checked.filter((h) => h.startsWith('tkn_')), [at('tkn_\\u0041'), at(real)]);
  // The generic rule has no gate: both of its hits stay.
  assert.deepEqual(checked.filter((h) => h.startsWith('secret')), all.filter((h) => h.startsWith('secret')));
  assert.equal(all.filter((h) => h.startsWith('secret')).length, 2);
});

test('findings are those of the JavaScript path, which has no kernel checks (they only spare the gates work)', () => {
  const found = (): string[] => scanBytes(rs, text).map((m) => `${m.ruleId}:${m.secret}@${m.start}`);
  const withChecks = found();
  setKernelsEnabled(false);
  try {
    assert.deepEqual(withChecks, found());
  } finally {
    setKernelsEnabled(true);
  }
  assert.deepEqual(withChecks.map((f) => f.replace(/@.*/, '')).sort(), ['test-generic:Kr4k3n!w8Pq', `test-token:${real}`, 'test-token:tkn_A8w7E6r5T4y3U2i1O0pB'].sort());
});
