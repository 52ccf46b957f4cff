// Tests for the private-key validator: PEM (plain and encrypted), OpenSSH, PuTTY and PGP, keys generated in the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { normalizeKeyText, privateKey } from './private-key.js';
import { openSshEd25519, ppkEd25519 } from './key-fixtures.js';

const check = (secret: string) => privateKey({ secret, match: secret });

const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
const rsaPkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const rsaPkcs8 = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ecSec1 = ec.privateKey.export({ type: 'sec1', format: 'pem' }).toString();

/** Removes the middle third of the base64 body, keeping the BEGIN/END lines. */
function truncate(pem: string): string {
  const lines = pem.trim().split('\n');
  const cut = Math.floor(lines.length / 3);
  return [...lines.slice(0, 1 + cut), ...lines.slice(1 + 2 * cut)].join('\n');
}

test('PKCS#1 RSA: type and bits', () => {
  const r = check(rsaPkcs1);
  assert.equal(r.status, 'valid', r.reason);
  assert.deepEqual([r.details?.['type'], r.details?.['bits'], r.details?.['encrypted']], ['rsa', 1024, false]);
});

test('PKCS#8 RSA, Ed25519 and DSA', () => {
  assert.equal(check(rsaPkcs8).details?.['bits'], 1024);
  const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  assert.equal(check(ed).details?.['type'], 'ed25519');
  const dsa = generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const r = check(dsa);
  assert.equal(r.status, 'valid', r.reason);
  assert.equal(r.details?.['type'], 'dsa');
});

test('SEC1 EC key reports its curve', () => {
  const r = check(ecSec1);
  assert.equal(r.status, 'valid', r.reason);
  assert.equal(r.details?.['type'], 'ec');
  assert.equal(r.details?.['curve'], 'P-256');
});

test('encrypted PEM (PKCS#8 and legacy Proc-Type) is valid and flagged encrypted', () => {
  const p8 = rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'orbit-lantern-92' }).toString();
  assert.match(p8, /BEGIN ENCRYPTED PRIVATE KEY/);
  const r8 = check(p8);
  assert.equal(r8.status, 'valid', r8.reason);
  assert.equal(r8.details?.['encrypted'], true);
  const p1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'orbit-lantern-92' }).toString();
  assert.match(p1, /Proc-Type: 4,ENCRYPTED/);
  const r1 = check(p1);
  assert.equal(r1.status, 'valid', r1.reason);
  assert.equal(r1.details?.['encrypted'], true);
  assert.equal(r1.details?.['cipher'], 'AES-128-CBC');
  assert.equal(check(truncate(p8)).status, 'invalid');
});

test('keys embedded in JSON with literal \\n escapes, or indented in YAML', () => {
  const inJson = JSON.stringify(rsaPkcs8).slice(1, -1);
  assert.ok(inJson.includes('\\n'));
  assert.equal(check(inJson).status, 'valid');
  const indented = ecSec1.split('\n').map((l) => `      ${l}`).join('\n');
  assert.equal(check(indented).status, 'valid');
  assert.equal(check(rsaPkcs1.replace(/\n/g, '\r\n')).status, 'valid');
  assert.equal(normalizeKeyText('"a\\nb",'), 'a\nb');
  // PHP's json_encode escapes every slash.
  assert.equal(check(inJson.replace(/\//g, '\\/')).status, 'valid');
});

test('truncated, garbage and placeholder bodies are invalid', () => {
  assert.equal(check(truncate(rsaPkcs1)).status, 'invalid');
  assert.equal(check(rsaPkcs1.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!garbage!!!!!!!!!')).status, 'invalid');
  assert.equal(check('-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----').status, 'invalid');
  assert.equal(check('-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----').status, 'invalid');
  assert.equal(check(rsaPkcs1.replace(/-----END[^\n]*/, '')).status, 'invalid');
  // A valid base64 body under the wrong label does not parse.
  assert.equal(check(rsaPkcs8.replace(/PRIVATE KEY/g, 'EC PRIVATE KEY')).status, 'invalid');
});

test('public keys are not private key material', () => {
  const pub = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  assert.equal(check(pub).status, 'invalid');
  assert.equal(check('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE1x deploy@host').status, 'invalid');
});

test('OpenSSH keys: type, encryption, corruption', () => {
  const plain = check(openSshEd25519());
  assert.equal(plain.status, 'valid', plain.reason);
  assert.deepEqual([plain.details?.['type'], plain.details?.['encrypted']], ['ed25519', false]);
  const enc = check(openSshEd25519({ encrypted: true }));
  assert.equal(enc.status, 'valid', enc.reason);
  assert.deepEqual([enc.details?.['encrypted'], enc.details?.['cipher'], enc.details?.['kdf']], [true, 'aes256-ctr', 'bcrypt']);
  assert.equal(check(openSshEd25519({ check2Delta: 1 })).status, 'invalid');
  assert.equal(check(truncate(openSshEd25519())).status, 'invalid');
});

// Made by ssh-keygen -t ed25519 and converted by puttygen 0.78: checks the parser against real tools' output.
const REAL_OPENSSH = `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACDYgmFXnd7yBA2SwffsDRabAMPRx6q6qW7ZFP8XL5axVAAAAJjZZHG72WRx
uwAAAAtzc2gtZWQyNTUxOQAAACDYgmFXnd7yBA2SwffsDRabAMPRx6q6qW7ZFP8XL5axVA
AAAEAXXVAEcqENei/uufW/ssdNbU4Ap8VBhETY3TzutbQPPNiCYVed3vIEDZLB9+wNFpsA
w9HHqrqpbtkU/xcvlrFUAAAAE2RlcGxveUBjaS1ydW5uZXItMDcBAg==
-----END OPENSSH PRIVATE KEY-----`;
const REAL_PPK = `PuTTY-User-Key-File-3: ssh-ed25519
Encryption: none
Comment: deploy@ci-runner-07
Public-Lines: 2
AAAAC3NzaC1lZDI1NTE5AAAAINiCYVed3vIEDZLB9+wNFpsAw9HHqrqpbtkU/xcv
lrFU
Private-Lines: 1
AAAAIBddUARyoQ16L+659b+yx01tTgCnxUGERNjdPO61tA88
Private-MAC: bb1dba1a429c7135ecefca11ef04e60d31f60eb09629cd667d3dda994d6d1bc0`;

test('real ssh-keygen and puttygen output', () => {
  assert.equal(check(REAL_OPENSSH).status, 'valid');
  const r = check(REAL_PPK);
  assert.equal(r.status, 'valid', r.reason);
  assert.equal(r.details?.['mac'], true);
  assert.equal(check(REAL_PPK.replace('ci-runner-07', 'ci-runner-08')).status, 'invalid');
});

test('PuTTY PPK v2 and v3: MAC checked, layout checked', () => {
  for (const v of [2, 3] as const) {
    const ppk = ppkEd25519(v);
    const r = check(ppk);
    assert.equal(r.status, 'valid', r.reason);
    assert.equal(r.details?.['format'], `ppk-v${v}`);
    assert.equal(check(ppk.replace(/Private-MAC: (.)/, (_m, c: string) => `Private-MAC: ${c === 'a' ? 'b' : 'a'}`)).status, 'invalid');
    assert.equal(check(ppk.replace(/Public-Lines: \d+/, 'Public-Lines: 9')).status, 'invalid');
    assert.equal(check(JSON.stringify(ppk).slice(1, -1)).status, 'valid');
  }
});

// Made by gpg 2.2 (--quick-gen-key ed25519, exported with --armor --export-secret-keys, no passphrase).
const REAL_PGP = `-----BEGIN PGP PRIVATE KEY BLOCK-----

lFgEawyJkxYJKwYBBAHaRw8BAQdALbmXCM+Q7SmkkbBi7WxcMr4i2upgGQ2kG/ic
TByyotYAAQCASKOYg61pKn531nirvM/xNEIvFIZfPXCdLpBx14YyDw7mtCVSZWxl
YXNlIEJvdCA8cmVsZWFzZS1ib3RAa2V5aG9sZS5kZXY+iJAEExYIADgWIQT22HsQ
qOaPtg+1eQpfViQF3ClwLQUCawyJkwIbAwULCQgHAgYVCgkICwIEFgIDAQIeAQIX
gAAKCRBfViQF3ClwLZnEAQDtBXW848+LStD209lhTlggX7aEZHRGAYBo71xALlK3
WgEAihchKVLiMQO5UEea1v0EcpHq6E4mw5PznfGK76laZAc=
=3LY9
-----END PGP PRIVATE KEY BLOCK-----`;

test('PGP private key block: armor CRC and packets', () => {
  const r = check(REAL_PGP);
  assert.equal(r.status, 'valid', r.reason);
  assert.equal(r.details?.['armorChecksum'], true);
  assert.equal(r.details?.['encrypted'], false);
  assert.equal(check(REAL_PGP.replace('=3LY9', '=3LY8')).status, 'invalid');
  const noCrc = REAL_PGP.replace('=3LY9\n', '');
  assert.equal(check(noCrc).status, 'valid');
  assert.equal(check(noCrc.replace(/\nWgEA[^\n]*/, '')).status, 'invalid');
});
