// Tests for the validator registry: names, dispatch and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate, validators } from './registry.js';

test('registers every documented validator', () => {
  for (const name of ['github-checksum', 'npm-checksum', 'atlassian-crc', 'atlassian-dc-token', 'jwt', 'private-key', 'aws-key-id', 'gcp-service-account', 'docker-auth']) {
    assert.equal(typeof validators[name], 'function', name);
  }
  assert.ok(Object.isFrozen(validators));
});

test('no validator name means unknown', () => {
  assert.deepEqual(validate(undefined, { secret: 'x', match: 'x' }), { status: 'unknown' });
});

test('an unknown name throws a clear error', () => {
  assert.throws(() => validate('no-such-validator', { secret: 'x', match: 'x' }), /unknown validator "no-such-validator"/);
  assert.throws(() => validate('toString', { secret: 'x', match: 'x' }), /unknown validator/);
});

test('results name their validator', () => {
  const r = validate('aws-key-id', { secret: 'ASIAY34FZKBOKMUTVV7A', match: '' });
  assert.equal(r.validator, 'aws-key-id');
  assert.equal(r.status, 'valid');
});
