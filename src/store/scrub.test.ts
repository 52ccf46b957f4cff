// Scrubbing tests: other findings' secrets never reach the store through context lines or commit messages.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { redact } from '../core/redact.js';
import type { Finding } from '../core/types.js';
import { SecretIndex, candidateRuns } from './scrub.js';
import { openStore } from './store.js';
import { AWS_KEY, PEM, TOKEN, finding, gitPlace, loc, storeBytes, tempDir } from './fixtures.js';

const f = (secret: string): Finding => finding('generic-password', secret, 'high', []);

test('SecretIndex replaces a token-shaped secret only where it stands as a whole run', () => {
  const idx = new SecretIndex();
  assert.equal(idx.add(f('hunter22x')), true);
  assert.equal(idx.add(f('hunter22x')), false, 'already known');
  const r = redact('hunter22x');
  assert.equal(idx.scrub('password: hunter22x.'), `password: ${r}.`);
  assert.equal(idx.scrub('pw=hunter22x&user=a'), `pw=${r}&user=a`);
  assert.equal(idx.scrub('xhunter22xy and hunter22x'), `xhunter22xy and ${r}`);
  assert.equal(idx.scrub('nothing here'), 'nothing here');
});

test('SecretIndex finds secrets containing delimiters as substrings, and each line of a key', () => {
  const idx = new SecretIndex();
  idx.add(f('p@ss:w0rd with spaces'));
  idx.add(finding('private-key', PEM, 'high', []));
  assert.equal(idx.scrub('login p@ss:w0rd with spaces now'), `login ${redact('p@ss:w0rd with spaces')} now`);
  const line = PEM.split('\n')[2]!;
  assert.ok(!idx.scrub(`key line ${line}`).includes(line));
  assert.ok(idx.scrub('-----BEGIN PRIVATE KEY-----').includes('BEGIN'), 'armour lines are not secrets');
});

test('SecretIndex scrubs every one of many substring secrets, the longer where one holds another', () => {
  const idx = new SecretIndex();
  const secrets = Array.from({ length: 300 }, (_v, i) => `pw:${i}#Zq8!x`);
  for (const s of secrets) idx.add(f(s));
  idx.add(f('pw:7#Zq8!x and more'));
  const text = `${secrets.slice(0, 40).join(' | ')} end pw:7#Zq8!x and more`;
  const out = idx.scrub(text);
  for (const s of secrets.slice(0, 40)) assert.ok(!out.includes(s), s);
  assert.ok(out.endsWith(` end ${redact('pw:7#Zq8!x and more')}`), out.slice(-60));
  assert.equal(idx.scrub('at the very end: pw:299#Zq8!x'), `at the very end: ${redact('pw:299#Zq8!x')}`);
});

test('candidateRuns splits on delimiters and drops short words', () => {
  assert.deepEqual(candidateRuns(`fix: remove token=${TOKEN} (oops)`), ['remove', TOKEN]);
});

function twoOnOneLine(): Finding[] {
  const line = `export AWS_ACCESS_KEY_ID=${AWS_KEY} API_TOKEN=${TOKEN}`;
  return [
    finding('aws-access-key-id', AWS_KEY, 'critical', [loc({ kind: 'file', path: '.env' }, 1, line)]),
    finding('generic-api-token', TOKEN, 'high', [loc({ kind: 'file', path: '.env' }, 1, line, { start: 60, end: 90 })]),
  ];
}

test('a context line holding two secrets is stored without either, for both findings', () => {
  const file = path.join(tempDir(), 'keyhole.db');
  const s = openStore(file, { warn: () => {} });
  s.saveFindings(s.beginScan('r', []), twoOnOneLine());
  for (const got of s.findings()) {
    const ctx = got.locations[0]!.context;
    assert.ok(!ctx.includes(AWS_KEY) && !ctx.includes(TOKEN), ctx);
    assert.equal(ctx, `export AWS_ACCESS_KEY_ID=${redact(AWS_KEY)} API_TOKEN=${redact(TOKEN)}`);
  }
  s.close();
  const bytes = storeBytes(file);
  assert.equal(bytes.indexOf(AWS_KEY), -1);
  assert.equal(bytes.indexOf(TOKEN), -1);
});

/** A private-key finding whose commit message quotes the token (a different finding). */
const keyInCommitQuotingToken = (): Finding =>
  finding('private-key', PEM, 'medium', [loc(gitPlace({ path: 'id.pem' }), 1, PEM.split('\n')[1]!)]);

test('a commit summary quoting a secret learned in a later save of the same session is re-scrubbed', () => {
  const file = path.join(tempDir(), 'keyhole.db');
  const s = openStore(file, { warn: () => {} });
  const scan = s.beginScan('r', []);
  s.saveFindings(scan, [keyInCommitQuotingToken()]);
  s.saveFindings(scan, [finding('generic-api-token', TOKEN, 'high', [loc({ kind: 'file', path: 'a.env' }, 1, `T=${TOKEN}`)])]);
  const key = s.findings({ ruleId: 'private-key' })[0]!;
  const p = key.locations[0]!.provenance;
  assert.ok(p.kind === 'git');
  assert.equal(p.commit?.summary, `rotate token ${redact(TOKEN)} (oops)`);
  s.close();
  assert.equal(storeBytes(file).indexOf(TOKEN), -1);
});

test('a commit summary stored before its secret was ever found is scrubbed when a later scan finds it', () => {
  const file = path.join(tempDir(), 'keyhole.db');
  let s = openStore(file, { warn: () => {} });
  s.saveFindings(s.beginScan('rules-1', []), [keyInCommitQuotingToken()]);
  s.close();
  // The token was not a finding under rules-1, so nothing knew to scrub it; rules-2 finds it.
  s = openStore(file, { warn: () => {} });
  s.saveFindings(s.beginScan('rules-2', []), [finding('generic-api-token', TOKEN, 'high', [loc({ kind: 'file', path: 'a.env' }, 1, `T=${TOKEN}`)])]);
  const p = s.findings({ ruleId: 'private-key' })[0]!.locations[0]!.provenance;
  assert.ok(p.kind === 'git');
  assert.equal(p.commit?.summary, `rotate token ${redact(TOKEN)} (oops)`);
  s.close();
  assert.equal(storeBytes(file).indexOf(TOKEN), -1, 'no copy left in the database file');
});

test('a commit summary quoting a secret found in an earlier session is scrubbed by keyed hash', () => {
  const file = path.join(tempDir(), 'keyhole.db');
  let s = openStore(file, { warn: () => {} });
  s.saveFindings(s.beginScan('r', []), [finding('generic-api-token', TOKEN, 'high', [loc({ kind: 'file', path: 'a.env' }, 1, `T=${TOKEN}`)])]);
  s.close();
  s = openStore(file, { warn: () => {} });
  s.saveFindings(s.beginScan('r', []), [keyInCommitQuotingToken()]);
  const p = s.findings({ ruleId: 'private-key' })[0]!.locations[0]!.provenance;
  assert.ok(p.kind === 'git');
  assert.equal(p.commit?.summary, `rotate token ${redact(TOKEN)} (oops)`);
  s.close();
  assert.equal(storeBytes(file).indexOf(TOKEN), -1);
});
