// JSONL report: one parseable line per location, carrying the fields a pipeline filters on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { API_TOKEN, sampleInput, TOTAL_LOCATIONS } from './fixtures/findings.js';
import type { JsonlRecord } from './jsonl.js';
import { formatJsonl } from './jsonl.js';

describe('formatJsonl', () => {
  const text = formatJsonl(sampleInput(false));
  const records = text.trimEnd().split('\n').map((l) => JSON.parse(l) as JsonlRecord);

  it('writes one line per location, each with the required fields', () => {
    assert.ok(text.endsWith('\n'));
    assert.equal(records.length, TOTAL_LOCATIONS);
    for (const r of records) {
      for (const k of ['finding', 'rule', 'severity', 'path', 'line', 'column', 'source', 'redacted'] as const) {
        assert.notEqual(r[k], undefined, `missing ${k}`);
      }
      assert.equal(r.secret, undefined);
    }
    assert.deepEqual([...new Set(records.map((r) => r.finding))].length, 4);
  });

  it('spells each kind of place', () => {
    const git = records.find((r) => r.source === 'git' && r.path === 'deploy/settings.py');
    assert.equal(git?.repo, '/srv/repos/app.git');
    assert.equal(git?.commit, 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678');
    const archive = records.find((r) => r.source === 'archive');
    assert.equal(archive?.path, 'backups/site 2023.zip!site/.aws/credentials');
    assert.deepEqual(archive?.encoding, ['base64']);
    const jira = records.find((r) => r.source === 'jira');
    assert.deepEqual([jira?.path, jira?.issue, jira?.field], ['exports/jira-2024.json', 'OPS-17', 'comment:2001']);
    assert.equal(records.find((r) => r.source === 'stdin')?.path, '-');
    assert.equal(records.find((r) => r.source === 'file')?.repo, undefined);
  });

  it('adds the raw secret only with showSecrets', () => {
    const shown = formatJsonl(sampleInput(true)).trimEnd().split('\n').map((l) => JSON.parse(l) as JsonlRecord);
    assert.equal(shown.find((r) => r.source === 'jira')?.secret, API_TOKEN);
  });

  it('writes nothing for no findings', () => {
    assert.equal(formatJsonl({ ...sampleInput(false), findings: [] }), '');
  });
});
