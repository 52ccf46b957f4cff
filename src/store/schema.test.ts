// Schema tests: migrations from an empty file, idempotent reopen, STRICT types and CHECK constraints.
import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { KeyholeError } from '../core/errors.js';
import { SCHEMA_VERSION } from './schema.js';
import { openStore } from './store.js';
import { sampleFindings, tempDir, warnings } from './fixtures.js';

const TABLES = ['blob_places', 'blob_scans', 'blobs', 'findings', 'locations', 'repo_states', 'scan_sources', 'scans', 'sources', 'triage_log'];

test('an empty file is migrated to the current schema, every table STRICT, in WAL mode', () => {
  const file = path.join(tempDir(), 'empty.db');
  fs.writeFileSync(file, '');
  openStore(file, { warn: warnings().warn }).close();
  const db = new Database(file, { readonly: true });
  try {
    assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    const tables = db.prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string; strict: number }[];
    assert.deepEqual(tables.map((t) => t.name), TABLES);
    for (const t of tables) assert.equal(t.strict, 1, `${t.name} is STRICT`);
  } finally {
    db.close();
  }
});

test('reopening is idempotent and keeps the data; a missing directory is created', () => {
  const file = path.join(tempDir(), 'nested', '.keyhole', 'keyhole.db');
  const w = warnings();
  let s = openStore(file, { warn: w.warn });
  const scan = s.beginScan('rules-1', [{ kind: 'directory', name: '.' }]);
  s.saveFindings(scan, sampleFindings());
  s.finishScan(scan, 'completed');
  s.close();
  for (let i = 0; i < 3; i++) {
    s = openStore(file, { warn: w.warn });
    assert.equal(s.findings().length, 3);
    assert.equal(s.scans().length, 1);
    s.close();
  }
  assert.deepEqual(w.list, []);
  assert.equal(fs.readFileSync(path.join(path.dirname(file), '.gitignore'), 'utf8'), '*\n');
});

test('a database from a newer keyhole is refused', () => {
  const file = path.join(tempDir(), 'newer.db');
  openStore(file, { warn: () => {} }).close();
  const db = new Database(file);
  db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  db.close();
  assert.throws(() => openStore(file, { warn: () => {} }), (e: unknown) => e instanceof KeyholeError && /newer/.test(e.message));
});

test('a file that is not a database is refused with a clear error', () => {
  const file = path.join(tempDir(), 'junk.db');
  fs.writeFileSync(file, 'this is not sqlite, not even close: '.repeat(200));
  assert.throws(() => openStore(file, { warn: () => {} }), (e: unknown) => e instanceof KeyholeError && /not a usable keyhole store/.test(e.message));
});

test('CHECK constraints reject a bad triage or scan status; STRICT rejects a wrong type; foreign keys are on', () => {
  const file = path.join(tempDir(), 'checks.db');
  const s = openStore(file, { warn: () => {} });
  const scan = s.beginScan('rules-1', []);
  const [f] = sampleFindings();
  s.saveFindings(scan, [f!]);
  assert.throws(() => s.setStatus(f!.id, 'bogus' as never), /status must be one of/);
  s.close();

  const db = new Database(file);
  try {
    db.pragma('foreign_keys = ON');
    const constraint = (sql: string, ...params: unknown[]): void =>
      assert.throws(() => db.prepare(sql).run(...params), (e: unknown) => (e as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT') === true, sql);
    constraint(`UPDATE findings SET status = 'bogus' WHERE id = ?`, f!.id);
    constraint(`UPDATE findings SET severity = 'severe' WHERE id = ?`, f!.id);
    constraint(`UPDATE scans SET status = 'paused'`);
    constraint(`UPDATE scans SET status = 'completed', finished_at = NULL`);
    constraint(`INSERT INTO blobs (id, size) VALUES ('not-a-sha', 1)`);
    constraint(`INSERT INTO blobs (id, size) VALUES (?, 'big')`, 'a'.repeat(40));
    constraint(`INSERT INTO blob_scans (blob_id, rules_version) VALUES (?, 'r')`, 'b'.repeat(40));
    constraint(`INSERT INTO sources (kind, name) VALUES ('ftp', 'x')`);
    constraint(`UPDATE locations SET source_kind = 'git', repo = NULL`);
    constraint(`INSERT INTO triage_log (finding_id, at, status, previous) VALUES ('nope0000', 'now', 'open', 'open')`);
    assert.equal(db.prepare(`SELECT status FROM findings WHERE id = ?`).pluck().get(f!.id), 'open');
  } finally {
    db.close();
  }
});

test('a version 1 store is migrated forward to repository states, keeping its findings', () => {
  const file = path.join(tempDir(), 'v1.db');
  const w = warnings();
  let s = openStore(file, { warn: w.warn });
  const scan = s.beginScan('rules-1', [{ kind: 'directory', name: '.' }]);
  s.saveFindings(scan, sampleFindings());
  s.finishScan(scan, 'completed');
  s.close();
  const db = new Database(file);
  db.exec('DROP TABLE repo_states');
  db.pragma('user_version = 1');
  db.close();
  s = openStore(file, { warn: w.warn });
  try {
    assert.equal(s.findings().length, 3);
    assert.equal(s.repoState('/nowhere'), undefined);
    s.saveRepoState({ gitDir: '/r.git', repo: 'r', fingerprint: 'f'.repeat(64), rulesVersion: 'rules-1', scanId: scan, objects: 7, notes: [] });
    assert.equal(s.repoState('/r.git')?.objects, 7);
  } finally {
    s.close();
  }
  const again = new Database(file, { readonly: true });
  assert.equal(again.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  again.close();
});
