// JSON report: one document in the shape json-schema.ts documents.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AWS_KEY, sampleInput } from './fixtures/findings.js';
import { formatJson } from './json.js';
import type { JsonReport } from './json-schema.js';

describe('formatJson', () => {
  const doc = JSON.parse(formatJson(sampleInput(false))) as JsonReport;

  it('has version, tool, stats, findings most severe first, and issues', () => {
    assert.equal(doc.version, 1);
    assert.deepEqual(doc.tool, { name: 'keyhole', version: '0.1.0', informationUri: 'https://example.com/keyhole' });
    assert.equal(doc.stats.files, 42);
    assert.deepEqual(doc.findings.map((f) => f.severity), ['critical', 'high', 'medium', 'low']);
    assert.equal(doc.issues[0]?.code, 'ARCHIVE_CORRUPT');
  });

  it('describes a finding and flattens each provenance into its location', () => {
    const aws = doc.findings[0];
    assert.ok(aws);
    assert.deepEqual(
      { id: aws.id, rule: aws.rule, name: aws.name, category: aws.category, provider: aws.provider, redacted: aws.redacted },
      { id: 'f1aws000000000000000aaaa', rule: 'aws-access-key-id', name: 'AWS access key ID', category: 'cloud', provider: 'aws', redacted: '…MPLE' },
    );
    assert.equal(aws.secret, undefined);
    assert.equal(aws.validation.details?.account, '581039954779');
    assert.equal(aws.rotation?.docs?.startsWith('https://'), true);
    assert.deepEqual(aws.locations[1], {
      source: 'git', path: 'deploy/settings.py', repo: '/srv/repos/app.git', blob: 'b'.repeat(40),
      commit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', author: 'Dana Dev', email: 'dana@example.com',
      date: '2023-04-05T10:11:12Z', summary: 'add deploy settings', refs: ['refs/heads/main'], atHead: false,
      line: 12, column: 9, start: 1200, end: 1220, context: '    key = "…MPLE"  # temporary',
    });
    assert.deepEqual(aws.locations[2]?.member, 'site/.aws/credentials');
    const jira = doc.findings[2]?.locations[0];
    assert.deepEqual([jira?.source, jira?.issue, jira?.field, jira?.author], ['jira', 'OPS-17', 'comment:2001', 'Sam Ops']);
  });

  it('adds the raw secret and raw contexts only with showSecrets', () => {
    const shown = JSON.parse(formatJson(sampleInput(true))) as JsonReport;
    assert.equal(shown.findings[0]?.secret, AWS_KEY);
    assert.equal(shown.findings[0]?.redacted, '…MPLE');
    assert.equal(shown.findings[0]?.locations[0]?.context, `AWS_ACCESS_KEY_ID=${AWS_KEY}`);
  });
});
