// Tests for the Atlassian cloud token / Bitbucket app password CRC validator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { zlibCrc32Hex } from './crc-reference.js';
import { atlassianCrc } from './atlassian-crc.js';

function mintApiToken(): string {
  const head = `ATATT3xFfGF0${randomBytes(135).toString('base64url')}=`;
  return head + zlibCrc32Hex(head);
}
function mintAppPassword(): string {
  const head = `ATBB${randomBytes(24).toString('base64').replace(/[^A-Za-z0-9]/g, 'q').slice(0, 32)}`;
  return head + zlibCrc32Hex(head);
}

test('accepts a freshly minted cloud API token', () => {
  const t = mintApiToken();
  const r = atlassianCrc({ secret: t, match: t });
  assert.equal(r.status, 'valid', r.reason);
  assert.equal(r.details?.['kind'], 'atlassian-api-token');
});

test('accepts a freshly minted Bitbucket app password', () => {
  const t = mintAppPassword();
  const r = atlassianCrc({ secret: t, match: t });
  assert.equal(r.status, 'valid', r.reason);
  assert.equal(r.details?.['kind'], 'bitbucket-app-password');
});

test('rejects a CRC off by one hex digit', () => {
  const t = mintApiToken();
  const last = t.slice(-1);
  const bad = t.slice(0, -1) + (last === '0' ? '1' : '0');
  const r = atlassianCrc({ secret: bad, match: bad });
  assert.equal(r.status, 'invalid');
  assert.match(r.reason ?? '', /checksum mismatch/);
});

test('rejects a lower-case CRC and a changed body', () => {
  const t = mintAppPassword();
  const crc = t.slice(-8);
  if (/[A-F]/.test(crc)) assert.equal(atlassianCrc({ secret: t.slice(0, -8) + crc.toLowerCase(), match: '' }).status, 'invalid');
  const changed = t.slice(0, 6) + (t.charAt(6) === 'x' ? 'y' : 'x') + t.slice(7);
  assert.equal(atlassianCrc({ secret: changed, match: '' }).status, 'invalid');
});

test('rejects other prefixes and short strings', () => {
  assert.equal(atlassianCrc({ secret: 'ATXX0123456789ABCDEF01234567', match: '' }).status, 'invalid');
  assert.equal(atlassianCrc({ secret: 'ATBB1234', match: '' }).status, 'invalid');
});
