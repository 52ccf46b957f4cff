import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { buildRuleSet } from './compile.js';
import { loadBuiltinRules } from './load.js';
import { buildPrefilter } from './prefilter.js';
import { deserializePrefilter, PREFILTER_FILE, serializePrefilter, storedPrefilter } from './prefilter-cache.js';

test('prefilter cache: a stored automaton reads back equal', () => {
  const pf = buildPrefilter(['ghp_', 'token', 'pass', 'password', 'eaa']);
  assert.deepEqual(deserializePrefilter(serializePrefilter(pf)), pf);
});

test('prefilter cache: the built one is what the built-in keywords build now, and only they get it', () => {
  const { keywords } = buildRuleSet(loadBuiltinRules(), { lazy: true });
  assert.ok(fs.existsSync(PREFILTER_FILE), 'npm run build stores it');
  assert.deepEqual(storedPrefilter(keywords), buildPrefilter(keywords));
  assert.equal(storedPrefilter(keywords.slice(1)), undefined);
  assert.equal(storedPrefilter([...keywords.slice(0, -1), 'other']), undefined);
});
