// SARIF report: validated against the official SARIF 2.1.0 JSON schema (vendored in fixtures/, draft-04),
// and checked for the fields code-scanning services read.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { AWS_KEY, sampleInput } from './fixtures/findings.js';
import { formatSarif, pathToUri, sarifLevel } from './sarif.js';

// Compiled tests run from dist/report/; the schema stays in src/report/fixtures/.
const schemaUrl = new URL('../../src/report/fixtures/sarif-schema-2.1.0.json', import.meta.url);
const schema = JSON.parse(readFileSync(schemaUrl, 'utf8')) as Record<string, unknown>;
// strict: false, as the schema uses keywords Ajv's strict mode rejects (e.g. `default` inside `items`);
// unicodeRegExp: false, as its `language` pattern has a stray `]` that is an error only under the `u` flag.
const ajv = new AjvDraft04.default({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

function check(log: unknown): string {
  return validate(log) ? '' : ajv.errorsText(validate.errors);
}

 
type Any = any;

describe('formatSarif', () => {
  const log = JSON.parse(formatSarif(sampleInput(false))) as Any;
  const run = log.runs[0];

  it('is valid against the SARIF 2.1.0 schema, with and without secrets, and when empty', () => {
    assert.equal(check(log), '');
    assert.equal(check(JSON.parse(formatSarif(sampleInput(true)))), '');
    assert.equal(check(JSON.parse(formatSarif({ ...sampleInput(false), findings: [], issues: [] }))), '');
  });

  it('fails the schema when a field is wrong (the check has teeth)', () => {
    const bad = (mutate: (l: Any) => void): string => {
      const copy = JSON.parse(JSON.stringify(log)) as Any;
      mutate(copy);
      return check(copy);
    };
    assert.match(bad((l) => { l.runs[0].results[0].level = 'critical'; }), /level/);
    assert.match(bad((l) => { l.runs[0].results[0].partialFingerprints['keyhole/v1'] = 42; }), /partialFingerprints/);
    assert.match(bad((l) => { l.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0; }), /startLine/);
    assert.match(bad((l) => { l.version = '2.0.0'; }), /version/);
    assert.match(bad((l) => { l.runs[0].tool.driver.rules[0].helpUri = 'not a uri'; }), /helpUri|format/);
  });

  it('describes the tool and only the rules that have results', () => {
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const driver = run.tool.driver;
    assert.deepEqual([driver.name, driver.version, driver.informationUri], ['keyhole', '0.1.0', 'https://example.com/keyhole']);
    assert.deepEqual(driver.rules.map((r: Any) => r.id), ['aws-access-key-id', 'private-key', 'generic-api-token', 'password-in-url']);
    const aws = driver.rules[0];
    assert.equal(aws.fullDescription.text, 'An AWS IAM access key id.');
    assert.equal(aws.helpUri, 'https://docs.aws.amazon.com/IAM/');
    assert.equal(aws.defaultConfiguration.level, 'error');
    assert.deepEqual(aws.properties.tags, ['security', 'secret', 'cloud', 'aws']);
  });

  it('writes one result per finding with rule index, level, fingerprint and properties', () => {
    assert.equal(run.results.length, 4);
    run.results.forEach((r: Any) => assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId));
    assert.deepEqual(run.results.map((r: Any) => r.level), ['error', 'error', 'warning', 'note']);
    const aws = run.results[0];
    assert.equal(aws.message.text, 'AWS access key ID: …MPLE (3 locations)');
    assert.deepEqual(aws.partialFingerprints, { 'keyhole/v1': 'f1aws000000000000000aaaa' });
    assert.equal(aws.properties.severity, 'critical');
    assert.equal(aws.properties.validation.status, 'valid');
    assert.equal(aws.locations.length, 3);
  });

  it('gives every location a URI and region; git facts go in properties', () => {
    const [file, git, archive] = run.results[0].locations;
    assert.equal(file.physicalLocation.artifactLocation.uri, 'config/prod%2C%20%22old%22.env');
    assert.deepEqual(file.physicalLocation.region, { startLine: 3, startColumn: 9, byteOffset: 300, byteLength: 20 });
    assert.equal(git.physicalLocation.artifactLocation.uri, 'deploy/settings.py');
    assert.equal(git.properties.commit, 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678');
    assert.equal(git.properties.atHead, false);
    assert.equal(archive.physicalLocation.artifactLocation.uri, 'backups/site%202023.zip!site/.aws/credentials');
    const pem = run.results[1].locations[0];
    assert.equal(pem.physicalLocation.region.endLine, 4);
    const jira = run.results[2].locations[0];
    assert.equal(jira.physicalLocation.region, undefined);
    assert.deepEqual([jira.properties.issue, jira.properties.field, jira.properties.line], ['OPS-17', 'comment:2001', 1]);
  });

  it('puts the raw secret in the message only with showSecrets', () => {
    const shown = JSON.parse(formatSarif(sampleInput(true))) as Any;
    assert.equal(shown.runs[0].results[0].message.text, `AWS access key ID: ${AWS_KEY} (3 locations)`);
  });

  it('reports scan issues as tool notifications', () => {
    const n = run.invocations[0].toolExecutionNotifications[0];
    assert.deepEqual([n.level, n.descriptor.id, n.message.text], ['error', 'ARCHIVE_CORRUPT', 'broken.zip: central directory not found']);
  });
});

describe('sarif helpers', () => {
  it('maps severities to levels', () => {
    assert.deepEqual((['critical', 'high', 'medium', 'low', 'info'] as const).map(sarifLevel), ['error', 'error', 'warning', 'note', 'note']);
  });

  it('turns paths into URI references', () => {
    assert.equal(pathToUri('./src/a b.ts'), 'src/a%20b.ts');
    assert.equal(pathToUri('src\\win\\x#1.ts'), 'src/win/x%231.ts');
    assert.equal(pathToUri('/tmp/ké y'), 'file:///tmp/k%C3%A9%20y');
    assert.equal(pathToUri('C:\\Users\\me\\.env'), 'file:///C:/Users/me/.env');
    assert.equal(pathToUri('-'), '-');
  });
});
