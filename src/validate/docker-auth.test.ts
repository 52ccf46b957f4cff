// Tests for the Docker config "auth" (base64 user:password) validator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { dockerAuth } from './docker-auth.js';

const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');

test('accepts base64 of user:password and reports the user', () => {
  const secret = b64(`ci-pusher:${randomBytes(12).toString('base64url')}`);
  const r = dockerAuth({ secret, match: `"auth": "${secret}"` });
  assert.equal(r.status, 'valid', r.reason);
  assert.equal(r.details?.['user'], 'ci-pusher');
  assert.equal(dockerAuth({ secret: b64('_json_key:{"type": "service_account"}'), match: '' }).status, 'valid');
});

test('rejects binary, colon-less, empty user or password, non-base64', () => {
  const binary = Buffer.concat([Buffer.from([0, 1, 2, 0xff]), randomBytes(20)]);
  assert.equal(dockerAuth({ secret: b64(binary), match: '' }).status, 'invalid');
  assert.equal(dockerAuth({ secret: b64('justatoken'), match: '' }).status, 'invalid');
  assert.equal(dockerAuth({ secret: b64(':pw123456'), match: '' }).status, 'invalid');
  assert.equal(dockerAuth({ secret: b64('user:'), match: '' }).status, 'invalid');
  assert.equal(dockerAuth({ secret: 'not base64!', match: '' }).status, 'invalid');
});
