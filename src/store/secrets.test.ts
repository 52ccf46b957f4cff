// Secret-handling tests: raw secrets never reach the database file unless asked, and then it is owner-only.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { encodedForms } from '../report/redaction.js';
import { databaseFiles } from './file-modes.js';
import { openStore } from './store.js';
import { ALL_SECRETS, AWS_KEY, PEM, TOKEN, sampleFindings, storeBytes, tempDir, warnings } from './fixtures.js';

const posix = process.platform !== 'win32';
const mode = (f: string): number => fs.statSync(f).mode & 0o777;

/** The byte strings that must not be in a store without storeSecrets: each secret, each line of the key, their encodings. */
function needles(): string[] {
  const out = [TOKEN, AWS_KEY, ...PEM.split('\n').filter((l) => !l.startsWith('-----'))];
  for (const s of [TOKEN, AWS_KEY]) out.push(...encodedForms(s).filter((f) => f.length >= 12));
  return out;
}

test('without storeSecrets no raw secret bytes appear anywhere in the database files', () => {
  const file = path.join(tempDir(), 'keyhole.db');
  const s = openStore(file, { warn: () => {} });
  const scan = s.beginScan('rules-1', []);
  s.saveFindings(scan, sampleFindings());
  s.saveFindings(scan, sampleFindings());
  s.finishScan(scan, 'completed');
  // While open the data may still sit in the WAL: search it too.
  const live = storeBytes(file);
  for (const n of needles()) assert.equal(live.indexOf(n), -1, `"${n.slice(0, 12)}…" found in the open store`);
  s.close();
  const closed = storeBytes(file);
  assert.ok(closed.length > 0);
  for (const n of needles()) assert.equal(closed.indexOf(n), -1, `"${n.slice(0, 12)}…" found in the closed store`);
  // The redacted forms are there: the search would have found text.
  assert.ok(closed.includes(sampleFindings()[0]!.redacted));
});

test('with storeSecrets the database (and its WAL and shared memory) is created 0600 and holds the secret', { skip: !posix && 'POSIX modes' }, () => {
  const file = path.join(tempDir(), 'keyhole.db');
  const old = process.umask(0o022);
  try {
    const s = openStore(file, { storeSecrets: true, warn: () => {} });
    s.saveFindings(s.beginScan('rules-1', []), sampleFindings());
    const present = databaseFiles(file).filter((f) => fs.existsSync(f));
    assert.ok(present.includes(`${file}-wal`), 'WAL file exists while open');
    for (const f of present) assert.equal(mode(f), 0o600, path.basename(f));
    assert.equal(mode(`${file}.key`), 0o600);
    s.close();
  } finally {
    process.umask(old);
  }
  assert.equal(mode(file), 0o600);
  const bytes = storeBytes(file);
  for (const secret of ALL_SECRETS) assert.ok(bytes.includes(secret.split('\n')[1] ?? secret), 'secret stored');
});

test('an existing store opened with storeSecrets is made owner-only', { skip: !posix && 'POSIX modes' }, () => {
  const file = path.join(tempDir(), 'keyhole.db');
  openStore(file, { warn: () => {} }).close();
  fs.chmodSync(file, 0o644);
  const s = openStore(file, { storeSecrets: true, warn: () => {} });
  assert.equal(mode(file), 0o600);
  s.close();
});

test('a store holding secrets found readable by others is repaired even without storeSecrets', { skip: !posix && 'POSIX modes' }, () => {
  const file = path.join(tempDir(), 'keyhole.db');
  const s = openStore(file, { storeSecrets: true, warn: () => {} });
  s.saveFindings(s.beginScan('rules-1', []), sampleFindings());
  s.close();
  fs.chmodSync(file, 0o644);
  const w = warnings();
  const again = openStore(file, { warn: w.warn });
  assert.equal(mode(file), 0o600);
  assert.match(w.list.join('\n'), /holds raw secrets/);
  assert.ok(again.findings().every((f) => f.secretStored), 'secrets stored earlier stay readable');
  again.close();
});

test('re-saving findings read back without their secret keeps the stored hash', () => {
  const file = path.join(tempDir(), 'keyhole.db');
  const s = openStore(file, { warn: () => {} });
  s.saveFindings(s.beginScan('rules-1', []), sampleFindings());
  const before = s.findings();
  s.saveFindings(s.beginScan('rules-1', []), before);
  const after = s.findings();
  assert.deepEqual(after.map((f) => f.secretHash), before.map((f) => f.secretHash));
  assert.deepEqual(after.map((f) => f.locations.map((l) => l.context)), before.map((f) => f.locations.map((l) => l.context)));
  s.close();
});
