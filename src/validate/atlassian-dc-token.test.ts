// Tests for the Jira/Confluence/Bitbucket Data Center token validator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { atlassianDcToken } from './atlassian-dc-token.js';

function mint(id = String(randomInt(1e11, 1e12 - 1))): string {
  return Buffer.concat([Buffer.from(`${id.padStart(12, '0')}:`), randomBytes(20)]).toString('base64');
}

test('accepts a freshly minted Jira/Confluence PAT and reports its id', () => {
  const t = mint('620841235672');
  assert.equal(t.length, 44);
  const r = atlassianDcToken({ secret: t, match: t });
  assert.equal(r.status, 'valid', r.reason);
  assert.equal(r.details?.['id'], '620841235672');
  assert.equal(r.details?.['product'], 'jira-confluence');
});

test('accepts a Bitbucket DC HTTP access token', () => {
  const t = `BBDC-${mint()}`;
  const r = atlassianDcToken({ secret: t, match: t });
  assert.equal(r.status, 'valid', r.reason);
  assert.equal(r.details?.['product'], 'bitbucket');
});

test('rejects 44 random base64 characters (no id prefix)', () => {
  const t = Buffer.concat([Buffer.from('x'), randomBytes(32)]).toString('base64');
  assert.equal(atlassianDcToken({ secret: t, match: t }).status, 'invalid');
});

test('rejects wrong lengths and non-digit ids', () => {
  assert.equal(atlassianDcToken({ secret: mint().slice(0, 43), match: '' }).status, 'invalid');
  const nonDigit = Buffer.concat([Buffer.from('62084123567a:'), randomBytes(20)]).toString('base64');
  assert.equal(atlassianDcToken({ secret: nonDigit, match: '' }).status, 'invalid');
});
