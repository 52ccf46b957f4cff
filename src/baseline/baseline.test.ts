import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ALL_SECRETS, sampleInput } from '../report/fixtures/findings.js';
import { tempDir } from '../testing/cli.js';
import { createBaseline, newFindings, parseBaseline, readBaseline, writeBaseline } from './baseline.js';

const TOOL = { name: 'keyhole', version: '9.9.9' };

test('baseline: one entry per finding, with id, rule, redacted secret and first location, never a raw secret', () => {
  const findings = sampleInput().findings;
  const b = createBaseline(findings, TOOL, new Date('2024-05-06T07:08:09Z'));
  assert.equal(b.version, 1);
  assert.equal(b.created, '2024-05-06T07:08:09.000Z');
  assert.deepEqual(b.tool, TOOL);
  assert.equal(b.entries.length, findings.length);
  assert.deepEqual(new Set(b.entries.map((e) => e.id)), new Set(findings.map((f) => f.id)));
  const text = JSON.stringify(b);
  for (const s of ALL_SECRETS) assert.ok(!text.includes(s), `raw secret ${s.slice(0, 8)}… in the baseline`);
  const aws = b.entries.find((e) => e.rule === 'aws-access-key-id')!;
  assert.deepEqual(aws.location, { path: 'config/prod, "old".env', line: 3 });
});

test('baseline: written owner-only, read back, filters known findings', () => {
  const findings = sampleInput().findings;
  const file = path.join(tempDir(), 'baseline.json');
  writeBaseline(file, createBaseline(findings.slice(1), TOOL));
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  const b = readBaseline(file);
  assert.deepEqual(newFindings(findings, b).map((f) => f.id), [findings[0]!.id]);
  assert.deepEqual(newFindings(findings, createBaseline([], TOOL)).length, findings.length);
});

test('baseline: errors name the file and the field', () => {
  assert.throws(() => parseBaseline('{', 'b.json'), /^KeyholeError: b\.json: not a keyhole baseline: not valid JSON/);
  assert.throws(() => parseBaseline('{"version":2,"created":"x","tool":{"name":"k","version":"1"},"entries":[]}', 'b.json'), /b\.json: .*field version/);
  assert.throws(
    () => parseBaseline('{"version":1,"created":"x","tool":{"name":"k","version":"1"},"entries":[{"id":"abcd1234","rule":"r","redacted":"x","secret":"raw"}]}', 'b.json'),
    /b\.json: .*field entries\.0: Unrecognized key.*secret/,
  );
  assert.throws(() => readBaseline('/nonexistent/b.json'), /\/nonexistent\/b\.json: cannot read baseline/);
});
