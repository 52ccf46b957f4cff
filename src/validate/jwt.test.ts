// Tests for the JWT validator with tokens signed in the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { checkJwt, jwt } from './jwt.js';

const b64u = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
const NOW = Date.parse('2025-06-01T00:00:00Z');

function hs256(payload: object, header: object = { alg: 'HS256', typ: 'JWT' }): string {
  const head = `${b64u(header)}.${b64u(payload)}`;
  return `${head}.${createHmac('sha256', randomBytes(32)).update(head).digest('base64url')}`;
}

test('decodes an HS256 token with claims', () => {
  const exp = Math.floor(NOW / 1000) + 3600;
  const t = hs256({ iss: 'https://auth.internal', sub: 'svc-builder', aud: ['api', 'ci'], exp, iat: exp - 7200 });
  const r = checkJwt(t, NOW);
  assert.equal(r.status, 'valid', r.reason);
  assert.equal(r.details?.['alg'], 'HS256');
  assert.equal(r.details?.['typ'], 'JWT');
  assert.equal(r.details?.['iss'], 'https://auth.internal');
  assert.equal(r.details?.['sub'], 'svc-builder');
  assert.equal(r.details?.['aud'], 'api,ci');
  assert.equal(r.details?.['exp'], new Date(exp * 1000).toISOString());
  assert.equal(r.details?.['expired'], false);
  assert.equal(typeof r.details?.['iat'], 'string');
});

test('an expired token is still structurally valid, flagged expired', () => {
  const t = hs256({ sub: 'x', exp: Math.floor(NOW / 1000) - 60 });
  const r = checkJwt(t, NOW);
  assert.equal(r.status, 'valid');
  assert.equal(r.details?.['expired'], true);
});

test('RS256 and ES256 signatures', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const h1 = `${b64u({ alg: 'RS256', kid: 'k1' })}.${b64u({ sub: 'a' })}`;
  const t1 = `${h1}.${sign('sha256', Buffer.from(h1), rsa.privateKey).toString('base64url')}`;
  assert.equal(jwt({ secret: t1, match: t1 }).status, 'valid');
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const h2 = `${b64u({ alg: 'ES256' })}.${b64u({ sub: 'b' })}`;
  const t2 = `${h2}.${sign('sha256', Buffer.from(h2), { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
  assert.equal(jwt({ secret: t2, match: t2 }).status, 'valid');
  // A DER-encoded ECDSA signature has the wrong length for JWS.
  const t3 = `${h2}.${sign('sha256', Buffer.from(h2), ec.privateKey).toString('base64url')}`;
  assert.equal(jwt({ secret: t3, match: t3 }).status, 'invalid');
});

test('alg none is reported unsigned', () => {
  const t = `${b64u({ alg: 'none' })}.${b64u({ sub: 'admin' })}.`;
  const r = jwt({ secret: t, match: t });
  assert.equal(r.status, 'valid');
  assert.equal(r.details?.['unsigned'], true);
});

test('rejects two-part strings, bad JSON, missing alg, short signatures', () => {
  const t = hs256({ sub: 'x' });
  const [h, p, s] = t.split('.');
  assert.equal(jwt({ secret: `${h}.${p}`, match: '' }).status, 'invalid');
  assert.equal(jwt({ secret: 'eyJhbGciOi', match: '' }).status, 'invalid');
  assert.equal(jwt({ secret: `${Buffer.from('{"alg":').toString('base64url')}.${p}.${s}`, match: '' }).status, 'invalid');
  assert.equal(jwt({ secret: `${b64u({ typ: 'JWT' })}.${p}.${s}`, match: '' }).status, 'invalid');
  assert.equal(jwt({ secret: `${h}.${Buffer.from('not json').toString('base64url')}.${s}`, match: '' }).status, 'invalid');
  assert.equal(jwt({ secret: `${h}.${p}.${(s ?? '').slice(0, 20)}`, match: '' }).status, 'invalid');
  assert.equal(jwt({ secret: `${h}.${p}.`, match: '' }).status, 'invalid');
});

test('five-part JWE tokens are recognised as encrypted', () => {
  const t = [b64u({ alg: 'RSA-OAEP', enc: 'A256GCM' }), randomBytes(128).toString('base64url'), randomBytes(12).toString('base64url'), randomBytes(40).toString('base64url'), randomBytes(16).toString('base64url')].join('.');
  const r = jwt({ secret: t, match: t });
  assert.equal(r.status, 'valid');
  assert.equal(r.details?.['encrypted'], true);
  assert.equal(r.details?.['enc'], 'A256GCM');
});
