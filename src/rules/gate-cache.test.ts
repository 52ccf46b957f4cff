import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { buildRuleSet, workOutGates } from './compile.js';
import { deserializeGates, gateKey, GATES_FILE, serializeGates, storedGates } from './gate-cache.js';
import { loadBuiltinRules } from './load.js';

test('gate cache: the stored gates read back equal to the built-in rules\' gates worked out now, and only those rules get them', () => {
  const loaded = loadBuiltinRules();
  const rs = buildRuleSet(loaded, { lazy: true });
  const now = workOutGates(loaded, rs.rules, rs.keywordRules.map((l) => [...l]), rs.keywords);
  assert.ok(now.some((g) => g?.some((x) => x?.deny)) && now.some((g) => g?.some((x) => x?.follow)), 'gates of every kind met');
  assert.deepEqual(deserializeGates(serializeGates('k', now)).gates, now);
  assert.ok(fs.existsSync(GATES_FILE), 'npm run build stores them');
  const key = gateKey(loaded.map((r) => r.spec), rs.keywords);
  assert.deepEqual(storedGates(key), now);
  assert.deepEqual(rs.keywordGates, now);
  // Another pattern, or the same rules with one keyword less: worked out, not taken from the file.
  const changed = loaded.map((r, i) => (i === 0 ? { ...r, spec: { ...r.spec, pattern: `${r.spec.pattern ?? ''}x` } } : r));
  assert.equal(storedGates(gateKey(changed.map((r) => r.spec), rs.keywords)), undefined);
  assert.equal(storedGates(gateKey(loaded.map((r) => r.spec), rs.keywords.slice(1))), undefined);
});
