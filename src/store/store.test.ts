// Store tests: findings round-trip over every kind of place, rescans add nothing twice, triage is kept.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Location } from '../core/types.js';
import { PRELOAD_AFTER } from './blobs.js';
import { openStore, type Store } from './store.js';
import { BLOB, COMMIT, REPO, TOKEN, gitPlace, loc, finding, sampleFindings, tempDir } from './fixtures.js';

function fresh(storeSecrets = false): Store {
  return openStore(path.join(tempDir(), 'keyhole.db'), { storeSecrets, warn: () => {} });
}
/** A location without its free text (context, commit summary), which the store scrubs. */
const positions = (l: Location): unknown => {
  const p = l.provenance;
  return { ...l, context: undefined, provenance: p.kind === 'git' && p.commit ? { ...p, commit: { ...p.commit, summary: undefined } } : p };
};

test('findings with file, git, archive, jira and stdin locations round-trip', () => {
  const s = fresh();
  const scan = s.beginScan('rules-1', [{ kind: 'git', name: REPO }, { kind: 'directory', name: 'config' }]);
  const input = sampleFindings();
  const saved = s.saveFindings(scan, input);
  assert.equal(saved.newFindings.length, 3);
  assert.equal(saved.newLocations, 6);
  const out = s.findings();
  assert.deepEqual(out.map((f) => f.severity), ['critical', 'high', 'medium']);
  for (const got of out) {
    const want = input.find((f) => f.id === got.id)!;
    assert.equal(got.ruleId, want.ruleId);
    assert.equal(got.ruleName, want.ruleName);
    assert.equal(got.category, want.category);
    assert.equal(got.provider, want.provider);
    assert.equal(got.redacted, want.redacted);
    assert.equal(got.entropy, want.entropy);
    assert.deepEqual(got.rotation, want.rotation);
    assert.equal(got.secretStored, false);
    assert.equal(got.secret, want.redacted, 'without storeSecrets the secret reads back redacted');
    assert.equal(got.status, 'open');
    assert.equal(got.firstSeenScan, scan);
    const sortKey = (l: Location): string => JSON.stringify([l.provenance.kind, l.provenance.path, l.start]);
    const g = [...got.locations].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    const w = [...want.locations].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    assert.deepEqual(g.map(positions), w.map(positions));
    for (const l of got.locations) assert.ok(!l.context.includes(want.secret.split('\n')[1] ?? want.secret), 'context is redacted');
  }
  const token = out.find((f) => f.ruleId === 'generic-api-token')!;
  assert.equal(token.validation.reason, `checksum of ${token.redacted} is wrong`);
  const git = token.locations.find((l) => l.provenance.kind === 'git')!.provenance;
  assert.deepEqual(git, { ...gitPlace(), commit: { ...COMMIT, summary: `rotate token ${token.redacted} (oops)` } });
  assert.equal(token.locations.find((l) => l.provenance.kind === 'file')!.context, `API_TOKEN=${token.redacted}`);
  s.close();
});

test('with storeSecrets the raw secret reads back', () => {
  const s = fresh(true);
  const input = sampleFindings();
  s.saveFindings(s.beginScan('rules-1', []), input);
  for (const f of s.findings()) {
    assert.equal(f.secretStored, true);
    assert.equal(f.secret, input.find((x) => x.id === f.id)!.secret);
  }
  s.close();
});

test('saving the same findings twice (and in a later scan) adds no locations', () => {
  const s = fresh();
  const first = s.beginScan('rules-1', []);
  s.saveFindings(first, sampleFindings());
  const again = s.saveFindings(first, sampleFindings());
  assert.deepEqual(again, { newFindings: [], newLocations: 0 });
  const second = s.beginScan('rules-1', []);
  assert.deepEqual(s.saveFindings(second, sampleFindings()), { newFindings: [], newLocations: 0 });
  const total = s.findings().reduce((n, f) => n + f.locations.length, 0);
  assert.equal(total, 6);
  for (const f of s.findings()) {
    assert.equal(f.firstSeenScan, first);
    assert.equal(f.lastSeenScan, second);
  }
  s.close();
});

test('triage status and note survive a re-save and a rescan; every change is logged', () => {
  const s = fresh();
  s.saveFindings(s.beginScan('rules-1', []), sampleFindings());
  const id = s.findings({ ruleId: 'generic-api-token' })[0]!.id;
  assert.deepEqual(s.setStatus(id.slice(0, 8), 'false-positive', 'test fixture'), { id, previous: 'open' });
  s.saveFindings(s.beginScan('rules-2', []), sampleFindings());
  let f = s.findings({ ids: [id] })[0]!;
  assert.equal(f.status, 'false-positive');
  assert.equal(f.note, 'test fixture');
  assert.ok(f.statusChangedAt);
  s.setStatus(id, 'revoked');
  f = s.findings({ ids: [id] })[0]!;
  assert.equal(f.status, 'revoked');
  assert.equal(f.note, 'test fixture', 'no note keeps the previous one');
  const log = s.triageLog(id);
  assert.deepEqual(log.map((e) => [e.previous, e.status, e.note]), [['open', 'false-positive', 'test fixture'], ['false-positive', 'revoked', undefined]]);
  assert.throws(() => s.setStatus('ffffffffffff', 'open'), /no finding/);
  assert.throws(() => s.setStatus('abc', 'open'), /at least 6/);
  s.close();
});

test('hasScanned is true only for the same rule-set version', () => {
  const s = fresh();
  const scan = s.beginScan('rules-1', []);
  const a = 'a1'.repeat(20);
  const b = { id: 'b2'.repeat(20), size: 1234 };
  assert.equal(s.hasScanned(a, 'rules-1'), false);
  s.markScanned([a, b], 'rules-1', scan);
  assert.equal(s.hasScanned(a, 'rules-1'), true);
  assert.equal(s.hasScanned(b.id, 'rules-1'), true);
  assert.equal(s.hasScanned(a, 'rules-2'), false);
  assert.equal(s.hasScanned('c3'.repeat(20), 'rules-1'), false);
  s.markScanned([a], 'rules-1');
  s.markScanned([a], 'rules-2');
  assert.equal(s.hasScanned(a, 'rules-2'), true);
  s.close();
});

test('hasScanned answers the same once it has loaded the ids into memory, and sees later marks', () => {
  const s = fresh();
  const scan = s.beginScan('rules-1', []);
  const ids = Array.from({ length: 50 }, (_, i) => i.toString(16).padStart(40, '0'));
  s.markScanned(ids.slice(0, 25), 'rules-1', scan);
  for (let round = 0; round < PRELOAD_AFTER / 50 + 2; round++) {
    ids.forEach((id, i) => assert.equal(s.hasScanned(id, 'rules-1'), i < 25));
  }
  s.markScanned(ids.slice(25), 'rules-1', scan);
  assert.ok(ids.every((id) => s.hasScanned(id, 'rules-1')));
  assert.ok(ids.every((id) => !s.hasScanned(id, 'rules-0')));
  s.close();
});

test('blob places are recorded once per place; locations in a known blob can be looked up', () => {
  const s = fresh();
  const scan = s.beginScan('rules-1', [{ kind: 'git', name: REPO }]);
  s.saveFindings(scan, sampleFindings());
  const place = { blobId: BLOB, size: 99, source: REPO, provenance: gitPlace({ path: 'copy/settings.py' }) };
  s.recordBlobPlace(scan, place);
  s.recordBlobPlaces(scan, [place, { ...place, source: 'elsewhere' }]);
  const inBlob = s.locationsInBlob(BLOB);
  assert.equal(inBlob.length, 1);
  assert.equal(inBlob[0]!.location.start, 480);
  assert.equal(s.findings({ ids: [inBlob[0]!.findingId] })[0]!.ruleId, 'generic-api-token');
  assert.deepEqual(s.scan(scan)!.sources, [{ kind: 'git', name: REPO }, { kind: 'git', name: 'elsewhere' }]);
  s.close();
});

test('a git location saved before its path was resolved is replaced by the resolved one, and keeps facts a later save lacks', () => {
  const s = fresh();
  const scan = s.beginScan('rules-1', []);
  const unresolved = loc({ kind: 'git', repo: REPO, path: '', blob: BLOB }, 2, `t=${TOKEN}`);
  s.saveFindings(scan, [finding('generic-api-token', TOKEN, 'high', [unresolved])]);
  assert.equal(s.findings()[0]!.locations[0]!.provenance.path, '');
  const resolved = loc(gitPlace(), 2, `t=${TOKEN}`);
  s.saveFindings(scan, [finding('generic-api-token', TOKEN, 'high', [resolved])]);
  const bare = loc({ kind: 'git', repo: REPO, path: 'deploy/settings.py', blob: BLOB }, 2, `t=${TOKEN}`);
  s.saveFindings(scan, [finding('generic-api-token', TOKEN, 'high', [bare])]);
  const locs = s.findings()[0]!.locations;
  assert.equal(locs.length, 1);
  const p = locs[0]!.provenance;
  assert.ok(p.kind === 'git' && p.commit?.id === COMMIT.id && p.atHead === false);
  s.close();
});

test('filters: severity, status, category, provider, source, source kind and exposure dates', () => {
  const s = fresh();
  s.saveFindings(s.beginScan('rules-1', []), sampleFindings());
  const ids = (f: Parameters<Store['findings']>[0]): string[] => s.findings(f).map((x) => x.ruleId);
  assert.deepEqual(ids({ severity: 'critical' }), ['aws-access-key-id']);
  assert.deepEqual(ids({ severity: ['high', 'medium'] }), ['generic-api-token', 'private-key']);
  assert.deepEqual(ids({ category: 'cloud', provider: 'aws' }), ['aws-access-key-id']);
  assert.deepEqual(ids({ status: ['revoked'] }), []);
  assert.deepEqual(ids({ severity: [] }), []);
  const byRepo = s.findings({ source: REPO });
  assert.deepEqual(byRepo.map((f) => f.ruleId), ['generic-api-token', 'private-key']);
  assert.ok(byRepo.every((f) => f.locations.every((l) => l.provenance.kind === 'git')), 'only matching locations');
  assert.deepEqual(ids({ source: 'config/' }), ['generic-api-token']);
  assert.deepEqual(ids({ source: 'config/app.env' }), ['generic-api-token']);
  assert.deepEqual(ids({ source: 'conf' }), []);
  assert.deepEqual(ids({ sourceKind: ['archive', 'jira'] }), ['aws-access-key-id', 'generic-api-token']);
  // Dated places: the commit 2021-03-04 (09:11 UTC) and the jira comment 2024-01-02; undated ones count from the scan (now).
  assert.deepEqual(ids({ until: '2021-03-04' }), ['generic-api-token', 'private-key']);
  assert.deepEqual(ids({ until: '2021-03-04T09:00:00Z' }), []);
  const window = s.findings({ since: '2023-01-01', until: new Date('2024-06-01T00:00:00Z') });
  assert.deepEqual(window.map((f) => f.ruleId), ['generic-api-token']);
  assert.deepEqual(window[0]!.locations.map((l) => l.provenance.kind), ['jira']);
  assert.deepEqual(ids({ since: '2020-01-01' }), ['aws-access-key-id', 'generic-api-token', 'private-key']);
  assert.throws(() => s.findings({ since: 'last tuesday' }), /not a date/);
  s.close();
});

test('scans: finish records status and stats; finishing twice is refused; close interrupts an open scan', () => {
  const file = path.join(tempDir(), 'keyhole.db');
  let s = openStore(file, { warn: () => {} });
  const done = s.beginScan('rules-1', [{ kind: 'directory', name: '/data' }]);
  s.finishScan(done, 'completed', { files: 3, bytes: 10, binarySkipped: 0, tooLargeSkipped: 0, errors: 0, seconds: 0.1 });
  assert.throws(() => s.finishScan(done, 'completed'), /already completed/);
  const open = s.beginScan('rules-1', []);
  s.close();
  s = openStore(file, { warn: () => {} });
  const [second, first] = s.scans();
  assert.equal(first!.id, done);
  assert.equal(first!.status, 'completed');
  assert.equal(first!.stats?.files, 3);
  assert.deepEqual(first!.sources, [{ kind: 'directory', name: '/data' }]);
  assert.equal(second!.id, open);
  assert.equal(second!.status, 'interrupted');
  assert.ok(second!.finishedAt);
  s.close();
});
