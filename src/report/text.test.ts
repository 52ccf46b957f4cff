// Text report: grouped by finding, most severe first, locations under their finding, summary and issues last.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redact } from '../core/redact.js';
import { AWS_KEY, sampleInput } from './fixtures/findings.js';
import { describeValidation, formatText } from './text.js';

describe('formatText', () => {
  const out = formatText(sampleInput(false));
  const lines = out.split('\n');
  const headers = lines.filter((l) => l.startsWith('● '));

  it('prints one header per finding, critical first', () => {
    assert.equal(headers.length, 4);
    assert.deepEqual(headers.map((h) => /\[(\w+)\]/.exec(h)?.[1]), ['critical', 'high', 'medium', 'low']);
    assert.equal(headers[0], `● AWS access key ID [critical] ${redact(AWS_KEY)} (3 locations) — structure valid (aws-key-id) · account 581039954779`);
  });

  it('lists each location under its finding, with git commit facts and HEAD state', () => {
    const block = out.slice(out.indexOf('● AWS'), out.indexOf('● Private key'));
    assert.match(block, /^ {2}config\/prod, "old"\.env:3:9 {2}AWS_ACCESS_KEY_ID=…MPLE$/m);
    assert.match(block, /^ {2}\/srv\/repos\/app\.git:deploy\/settings\.py@a1b2c3d:12:9 \[refs\/heads\/main; history only\]/m);
    assert.match(block, /^ {6}commit a1b2c3d by Dana Dev <dana@example\.com> on 2023-04-05T10:11:12Z: add deploy settings$/m);
    assert.match(block, /^ {2}backups\/site 2023\.zip!site\/\.aws\/credentials:2:9 \(base64\)/m);
    assert.match(block, /^ {2}rotate: Deactivate the key in IAM/m);
    assert.match(block, /^ {2}docs: https:\/\/docs\.aws\.amazon\.com\//m);
    const pem = out.slice(out.indexOf('● Private key'), out.indexOf('● Generic'));
    assert.match(pem, /app:keys\/id\.pem@ffeeddc:1:9 \[main, v1\.0; still at HEAD\]/);
    const jira = out.slice(out.indexOf('● Generic'));
    assert.match(jira, /^ {2}OPS-17 comment:2001 1:9 {2}here is the token: khtest_…TfG3 please rotate$/m);
    assert.match(jira, /^ {2}-:1:9 \(percent\)/m);
  });

  it('ends with a summary and the issues', () => {
    assert.match(out, /^Scanned 42 files \(3\.0 MB\) in 1\.3s, skipped 1 binary and 0 too large; 4 findings: 1 critical, 1 high, 1 medium, 1 low; 1 error\.$/m);
    assert.equal(lines.at(-2), 'error: broken.zip: central directory not found');
  });

  it('uses no escape codes unless color is on', () => {
    assert.ok(!out.includes('\u001b['));
    assert.ok(formatText({ ...sampleInput(false), color: true }).includes('\u001b[1;31m[critical]'));
  });

  it('prints the raw secret with showSecrets, a multi-line one on its own lines', () => {
    const shown = formatText(sampleInput(true));
    assert.ok(shown.includes(`● AWS access key ID [critical] ${AWS_KEY} (3 locations)`));
    assert.match(shown, /^ {2}-----BEGIN PRIVATE KEY-----\n {2}MIIB/m);
  });

  it('says "no secrets found" for a clean scan', () => {
    const clean = formatText({ ...sampleInput(false), findings: [], issues: [] });
    assert.match(clean, /; no secrets found; 1 error\.\n$/);
  });

  it('describes validation results', () => {
    assert.equal(describeValidation({ status: 'unknown' }), '');
    assert.equal(describeValidation({ status: 'invalid', validator: 'jwt', reason: 'bad header' }), 'structure invalid (jwt): bad header');
    assert.equal(describeValidation({ status: 'valid', details: { alg: 'HS256', exp: 1700000000 } }), 'structure valid · alg HS256 · exp 1700000000');
  });
});
