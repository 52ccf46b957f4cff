import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseRuleDocument } from '../rules/load.js';
import { TOKEN_RULE } from '../testing/rules.js';
import { createPool } from './pool.js';
import type { WorkItem } from './protocol.js';
import type { FileResult } from './scan-file.js';

const rules = parseRuleDocument(`provider: test\nrules:${TOKEN_RULE}`, 'test.yaml');

/** A token of 20 alphanumerics after `tkn_`, distinct for each n. */
const token = (n: number): string => `tkn_${String(n).padStart(6, '0')}Q8w7E6r5T4y3U2`;

test('--jobs 2: a worker thread and this thread share the files, and every file gets its own result once', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-pool-'));
  const files = 240;
  // Every 40th file is over 1 MB: this thread gives those back to the list while the walk goes on.
  const lines = (i: number): number => (i % 40 === 5 ? 100_000 : i % 7);
  for (let i = 0; i < files; i++) fs.writeFileSync(path.join(dir, `f${i}.txt`), `${'filler line\n'.repeat(lines(i))}key = ${token(i)}\n`);
  // No backlog kept for the worker: this thread claims files at every batch once the worker has started.
  const pool = createPool({ jobs: 2, rules, scan: { maxFileSize: 16 << 20 }, profile: false, backlog: 0 });
  const results = new Map<number, FileResult>();
  try {
    // Batches published one after the other, as the scan does; both threads claim from them. The worker
    // gets a head start (its start-up takes longer than this thread needs for 240 small files).
    for (let b = 0; b < files; b += 12) {
      if (b === 12) {
        const t0 = Date.now();
        while (pool.counts().workers === 0 && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 5));
      }
      const items: WorkItem[] = [];
      for (let i = b; i < Math.min(files, b + 12); i++) items.push({ id: i + 1, path: path.join(dir, `f${i}.txt`) });
      await pool.submit(items, (id, r) => {
        assert.ok(!results.has(id), `item ${id} came back twice`);
        results.set(id, r);
      });
    }
    await pool.drain();
    const { here, workers } = pool.counts();
    assert.equal(here + workers, files);
    assert.ok(workers > 0, 'the worker thread scanned some files');
    assert.ok(here > 0, 'this thread scanned some files');
  } finally {
    await pool.close();
  }
  assert.equal(results.size, files);
  for (let i = 0; i < files; i++) {
    const r = results.get(i + 1)!;
    assert.equal(r.status, 'ok');
    assert.deepEqual(r.matches.map((m) => [m.secret, m.line]), [[token(i), lines(i) + 1]], `file ${i}`);
  }
});

test('--jobs 1 scans everything on this thread', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-pool-'));
  fs.writeFileSync(path.join(dir, 'a.txt'), `key = ${token(1)}\n`);
  const pool = createPool({ jobs: 1, rules, scan: { maxFileSize: 1 << 20 }, profile: false });
  const got: FileResult[] = [];
  await pool.submit([{ id: 1, path: path.join(dir, 'a.txt') }], (_id, r) => got.push(r));
  await pool.drain();
  assert.deepEqual(pool.counts(), { here: 1, workers: 0 });
  assert.equal(got[0]!.matches[0]!.secret, token(1));
  await pool.close();
});

test('--jobs 2: an interrupted scan drops the files nobody has claimed and drains without them', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-pool-'));
  const files = 3000;
  for (let i = 0; i < files; i++) fs.writeFileSync(path.join(dir, `f${i}.txt`), `${'filler line\n'.repeat(200)}key = ${token(i)}\n`);
  const pool = createPool({ jobs: 2, rules, scan: { maxFileSize: 16 << 20 }, profile: false });
  const controller = new AbortController();
  const results = new Map<number, FileResult>();
  try {
    const items: WorkItem[] = [];
    for (let i = 0; i < files; i++) items.push({ id: i + 1, path: path.join(dir, `f${i}.txt`) });
    await pool.submit(items, (id, r) => results.set(id, r));
    controller.abort();
    await pool.drain(controller.signal);
  } finally {
    await pool.close();
  }
  const { here, workers } = pool.counts();
  assert.equal(results.size, here + workers, 'every file scanned came back once');
  assert.ok(results.size < files, `${results.size} of ${files} files scanned before the drain dropped the rest`);
  for (const [id, r] of results) assert.equal(r.matches[0]!.secret, token(id - 1));
});
