// Crash test: a process killed mid-scan keeps what it committed; the next open marks the scan interrupted.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openStore } from './store.js';
import { sampleFindings, tempDir, warnings } from './fixtures.js';

const SCANNED = 'a1'.repeat(20);

/** Runs a scan in a child process that saves part of its results and is then killed with SIGKILL. */
function crashingScan(file: string): number {
  const idFile = `${file}.scan-id`;
  const script = `
    import fs from 'node:fs';
    import { openStore } from ${JSON.stringify(new URL('./index.js', import.meta.url).href)};
    import { sampleFindings } from ${JSON.stringify(new URL('./fixtures.js', import.meta.url).href)};
    const s = openStore(${JSON.stringify(file)}, { warn: () => {} });
    const scan = s.beginScan('rules-1', [{ kind: 'git', name: '/srv/repos' }]);
    s.saveFindings(scan, sampleFindings().slice(0, 2));
    s.markScanned([${JSON.stringify(SCANNED)}], 'rules-1', scan);
    fs.writeFileSync(${JSON.stringify(idFile)}, String(scan));
    process.kill(process.pid, 'SIGKILL');
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.signal, 'SIGKILL', r.stderr);
  return Number(fs.readFileSync(idFile, 'utf8'));
}

test('a scan killed mid-way keeps its committed findings and blobs, and is marked interrupted', () => {
  const file = path.join(tempDir(), '.keyhole', 'keyhole.db');
  const scan = crashingScan(file);
  assert.ok(fs.existsSync(`${file}-wal`), 'the killed process left its WAL behind');

  const w = warnings();
  const s = openStore(file, { warn: w.warn });
  assert.deepEqual(s.recoveredScans, [scan]);
  assert.match(w.list.join('\n'), /ended without finishing; marked interrupted/);
  const rec = s.scan(scan)!;
  assert.equal(rec.status, 'interrupted');
  assert.ok(rec.finishedAt);
  assert.deepEqual(rec.sources, [{ kind: 'git', name: '/srv/repos' }]);
  assert.equal(s.findings().length, 2);
  assert.equal(s.hasScanned(SCANNED, 'rules-1'), true, 'the next run resumes: scanned blobs are skipped');

  // The next run finishes the job: the remaining finding is added, nothing is duplicated.
  const next = s.beginScan('rules-1', [{ kind: 'git', name: '/srv/repos' }]);
  const saved = s.saveFindings(next, sampleFindings());
  assert.equal(saved.newFindings.length, 1);
  s.finishScan(next, 'completed');
  assert.equal(s.findings().length, 3);
  assert.equal(s.findings().reduce((n, f) => n + f.locations.length, 0), 6);
  s.close();

  const again = openStore(file, { warn: w.warn });
  assert.deepEqual(again.recoveredScans, [], 'recovery happens once');
  assert.deepEqual(again.scans().map((x) => x.status), ['completed', 'interrupted']);
  again.close();
});

test('a scan still running in a live process is not marked interrupted by another open', () => {
  const file = path.join(tempDir(), 'keyhole.db');
  const a = openStore(file, { warn: () => {} });
  const scan = a.beginScan('rules-1', []);
  const b = openStore(file, { warn: () => {} });
  assert.deepEqual(b.recoveredScans, []);
  assert.equal(b.scan(scan)!.status, 'running');
  b.close();
  a.finishScan(scan, 'completed');
  a.close();
});
