// The store-backed scan memory: findings saved as they come, an interrupted scan's work kept and resumed.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { loadBuiltinRules } from '../rules/load.js';
import { fsSource } from '../sources/fs/fs-source.js';
import { openStore } from '../store/index.js';
import { tempDir, writeTree } from '../testing/cli.js';
import { StoreMemory } from './memory.js';
import { runScan } from './scan.js';

const rules = loadBuiltinRules();
const KEY = (i: number): string => `AKIAQYLPMN5HHH${String(i).padStart(6, '0').replace(/\d/g, (d) => 'ABCDEFGHIJ'[Number(d)]!)}`;

function tree(n: number): string {
  const dir = tempDir('keyhole-memory-');
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) files[`d${i % 20}/f${i}.txt`] = i % 500 === 0 ? `aws_access_key_id = ${KEY(i)}\n` : `plain text ${i}\n`;
  writeTree(dir, files);
  return dir;
}

const scan = (dir: string, memory: StoreMemory, signal?: AbortSignal) =>
  runScan({ sources: [fsSource(dir, { exclude: [], gitignore: true })], rules, jobs: 1, maxFileSize: 1 << 20, includeInvalid: false, memory, ...(signal ? { signal } : {}) });

test('an interrupted scan keeps what it saved as it went, and the next scan resumes where it stopped', async () => {
  const dir = tree(5000);
  const file = path.join(tempDir('keyhole-memory-store-'), 'k.db');
  const store = openStore(file);
  const memory = new StoreMemory(store, [{ kind: 'directory', name: dir }]);
  // Interrupt at the first checkpoint: what it saved is all a crash would leave.
  const controller = new AbortController();
  const save = memory.save.bind(memory);
  let checkpoints = 0;
  memory.save = (c) => {
    save(c);
    if (++checkpoints === 1) {
      assert.ok(c.scanned.length > 0 && c.scanned.length < 5000);
      assert.ok(store.findings().length > 0, 'findings saved before the scan ends');
      controller.abort();
    }
  };
  const partial = await scan(dir, memory, controller.signal);
  assert.ok(partial.interrupted);
  store.finishScan(memory.scanId!, 'interrupted', partial.stats);
  const savedFindings = store.findings().length;
  assert.equal(savedFindings, partial.findings.length);
  assert.ok(partial.stats.files < 5000);
  store.close();

  const again = openStore(file);
  const next = new StoreMemory(again, [{ kind: 'directory', name: dir }]);
  const rest = await scan(dir, next);
  again.finishScan(next.scanId!, 'completed', rest.stats);
  assert.equal(rest.findings.length, 10);
  assert.equal(rest.stats.files + (rest.stats.blobsSkipped ?? 0), 5000);
  assert.ok((rest.stats.blobsSkipped ?? 0) >= partial.stats.files - 64, 'what was scanned before is not scanned again');
  assert.deepEqual(again.scans().map((s) => s.status), ['completed', 'interrupted']);
  assert.equal(again.findings().length, 10);
  again.close();
});
