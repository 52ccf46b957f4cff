// Micro-measure (reported, not asserted): hasScanned and markScanned over 100k blob ids.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import { PRELOAD_AFTER } from './blobs.js';
import { openStore } from './store.js';
import { tempDir } from './fixtures.js';

const N = 100_000;
const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');

function timed(fn: () => number): { ms: number; n: number } {
  const t0 = performance.now();
  const n = fn();
  return { ms: performance.now() - t0, n };
}

test('hasScanned over 100k blob ids (timings printed as diagnostics)', (t) => {
  const file = path.join(tempDir(), 'keyhole.db');
  let s = openStore(file, { warn: () => {} });
  const scan = s.beginScan('rules-1', []);
  const ids = Array.from({ length: N }, (_, i) => sha1(`blob ${i}`));
  const misses = Array.from({ length: N }, (_, i) => sha1(`other ${i}`));
  const count = (list: string[], version: string): number => list.filter((id) => s.hasScanned(id, version)).length;

  const mark = timed(() => {
    for (let i = 0; i < N; i += 5_000) s.markScanned(ids.slice(i, i + 5_000), 'rules-1', scan);
    return N;
  });
  s.finishScan(scan, 'completed');
  s.close();

  // A rescan: a fresh process opens the store and asks about every blob.
  s = openStore(file, { warn: () => {} });
  const sql = timed(() => count(ids.slice(0, PRELOAD_AFTER - 1), 'rules-1'));
  const rest = timed(() => count(ids.slice(PRELOAD_AFTER - 1), 'rules-1'));
  const miss = timed(() => count(misses, 'rules-1'));
  const other = timed(() => count(ids, 'rules-2'));
  s.close();

  assert.equal(sql.n + rest.n, N);
  assert.equal(miss.n, 0);
  assert.equal(other.n, 0);
  const us = (x: { ms: number }, n: number): string => `${((x.ms * 1000) / n).toFixed(2)} µs`;
  const restN = N - PRELOAD_AFTER + 1;
  t.diagnostic(`markScanned: ${N} blobs in ${mark.ms.toFixed(0)} ms (${us(mark, N)}/blob, transactions of 5000)`);
  t.diagnostic(`hasScanned, rescan of ${N}: ${(sql.ms + rest.ms).toFixed(0)} ms in all (${us({ ms: sql.ms + rest.ms }, N)}/blob)`);
  t.diagnostic(`  first ${PRELOAD_AFTER - 1} by SQL query: ${us(sql, PRELOAD_AFTER - 1)}/lookup`);
  t.diagnostic(`  remaining ${restN}, load into memory included: ${us(rest, restN)}/lookup`);
  t.diagnostic(`hasScanned, ${N} unknown ids: ${us(miss, N)}/lookup; ${N} ids under another rule-set version: ${us(other, N)}/lookup`);
});
