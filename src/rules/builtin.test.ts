// The built-in rule set: loads, has the coverage we promise, every example holds, and no rule backtracks badly.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import { scanBytes } from '../detect/engine.js';
import { validators } from '../validate/registry.js';
import { checkRules } from './check.js';
import { buildRuleSet } from './compile.js';
import { loadBuiltinRules } from './load.js';

const loaded = loadBuiltinRules();

test('at least 150 built-in rules with unique ids and known validators', () => {
  assert.ok(loaded.length >= 150, `only ${loaded.length} rules`);
  assert.equal(new Set(loaded.map((r) => r.spec.id)).size, loaded.length);
  for (const r of loaded) {
    if (r.spec.validator) assert.ok(r.spec.validator in validators, `${r.spec.id}: unknown validator ${r.spec.validator}`);
    assert.ok(r.spec.examples.length >= 1, `${r.spec.id}: no examples`);
  }
  buildRuleSet(loaded);
});

test('every rule matches its examples and none of its negative examples', () => {
  const res = checkRules(loaded);
  const lines = res.failures.map((f) => `${f.origin}: ${f.ruleId}: ${f.field}[${f.index}]: ${f.message}`);
  assert.deepEqual(lines, []);
  assert.ok(res.negatives >= loaded.length, 'most rules need negative examples');
});

test('the providers the issue names are covered', () => {
  const ids = loaded.map((r) => r.spec.id).join('\n');
  const need = ['aws', 'gcp', 'azure', 'github', 'gitlab', 'bitbucket', 'atlassian', 'slack', 'teams', 'stripe', 'twilio', 'sendgrid', 'mailgun', 'npm', 'pypi', 'nuget', 'rubygems', 'docker', 'artifactory', 'vault', 'terraform', 'heroku', 'digitalocean', 'openai', 'anthropic', 'huggingface', 'discord', 'telegram', 'shopify', 'okta', 'datadog', 'new-?relic', 'sentry', 'grafana', 'pagerduty', 'jwt', 'private-key', 'bcrypt', 'postgres', 'mysql', 'mongodb', 'redis', 'amqp', 'ftp', 'ldap', 'jdbc'];
  const missing = need.filter((p) => !new RegExp(p).test(ids));
  assert.deepEqual(missing, []);
});

test('no rule backtracks badly on a long adversarial line', () => {
  const slow: string[] = [];
  const size = 100_000;
  for (const r of loaded) {
    const rs = buildRuleSet([r]);
    for (const kw of (r.spec.keywords ?? []).slice(0, 3)) {
      const shapes = [
        kw.repeat(Math.ceil(size / kw.length)),
        kw + 'a'.repeat(size),
        kw + ' = ' + 'Ab1'.repeat(size / 3),
        `${kw}=${'A1b2+/'.repeat(10)} `.repeat(Math.ceil(size / (kw.length + 62))),
        kw + ':' + '\t '.repeat(size / 2) + 'x',
      ];
      for (const s of shapes) {
        const t0 = performance.now();
        scanBytes(rs, Buffer.from(s, 'latin1'), { decodeDepth: 0 });
        const ms = performance.now() - t0;
        if (ms > 400) slow.push(`${r.spec.id} (${kw}): ${ms.toFixed(0)} ms`);
      }
    }
  }
  assert.deepEqual(slow, []);
});
