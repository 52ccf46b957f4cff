// Tests for the Google Cloud service-account key file validator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { gcpServiceAccount } from './gcp-service-account.js';

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const keyId = randomBytes(20).toString('hex');
const keyFile = {
  type: 'service_account',
  project_id: 'billing-prod-4821',
  private_key_id: keyId,
  private_key: pem,
  client_email: 'exporter@billing-prod-4821.iam.gserviceaccount.com',
  client_id: '104889237741205532198',
  auth_uri: 'https://accounts.google.com/o/oauth2/auth',
  token_uri: 'https://oauth2.googleapis.com/token',
};
const json = JSON.stringify(keyFile, null, 2);

test('accepts a whole key file and reports project and email', () => {
  const r = gcpServiceAccount({ secret: json, match: json });
  assert.equal(r.status, 'valid', r.reason);
  assert.equal(r.details?.['project'], 'billing-prod-4821');
  assert.equal(r.details?.['client_email'], keyFile.client_email);
  assert.equal(r.details?.['keyType'], 'rsa');
});

test('accepts a private_key_id with its key file in the match', () => {
  const r = gcpServiceAccount({ secret: keyId, match: `creds = ${json}\n` });
  assert.equal(r.status, 'valid', r.reason);
  const other = randomBytes(20).toString('hex');
  assert.equal(gcpServiceAccount({ secret: other, match: json }).status, 'invalid');
  assert.equal(gcpServiceAccount({ secret: keyId, match: `"private_key_id": "${keyId}",` }).status, 'unknown');
  // The private key itself, as it appears escaped inside the file, also ties to the file.
  const escaped = JSON.stringify(pem).slice(1, -1);
  assert.equal(gcpServiceAccount({ secret: escaped, match: json }).status, 'valid');
});

test('rejects wrong type, wrong email domain and a broken key', () => {
  const bad = (patch: object): string => JSON.stringify({ ...keyFile, ...patch });
  assert.equal(gcpServiceAccount({ secret: bad({ type: 'authorized_user' }), match: '' }).status, 'invalid');
  assert.equal(gcpServiceAccount({ secret: bad({ client_email: 'exporter@gmail.com' }), match: '' }).status, 'invalid');
  const broken = pem.replace(/\n[A-Za-z0-9+/]{64}\n/, '\n');
  assert.equal(gcpServiceAccount({ secret: bad({ private_key: broken }), match: '' }).status, 'invalid');
  assert.equal(gcpServiceAccount({ secret: 'not json at all', match: '' }).status, 'invalid');
});
