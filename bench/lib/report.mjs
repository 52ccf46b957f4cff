// The summary: a table of MB/s per contestant, the ratios the bar is about with PASS/FAIL,
// and the JSON written to bench/results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fmt, log } from './util.mjs';

/** Table order. Unknown ids (later sections) are appended after these. */
const ORDER = [
  'read-floor', 'rg-j1', 'rg-default', 'keyhole-1', 'keyhole-all', 'keyhole-all-subset', 'gitleaks-wasm', 'secretlint',
  'git-cat-file', 'git-log-p', 'keyhole-history-all', 'keyhole-history-1', 'keyhole-rescan-first', 'keyhole-rescan',
];

/**
 * The bar. Each entry compares two contestants, either by wall time on the same data
 * (keyhole / floor ≤ limit) or by MB/s (keyhole / peer ≥ limit; the peers scan a subset).
 */
const BAR = [
  { id: 'vs-read-floor', kind: 'time', subject: 'keyhole-all', ref: 'read-floor', limit: 3.5,
    text: 'keyhole (all cores) time within 3.5x of reading every file' },
  { id: 'vs-rg-j1', kind: 'time', subject: 'keyhole-all', ref: 'rg-j1', limit: 2.5,
    text: 'keyhole (all cores) time within 2.5x of rg -F -i keywords -j1' },
  { id: 'vs-gitleaks', kind: 'speedup', subject: 'keyhole-all', ref: 'gitleaks-wasm', limit: 50,
    text: 'keyhole (all cores) >= 50x the MB/s of gitleaks-wasm' },
  { id: 'vs-secretlint', kind: 'speedup', subject: 'keyhole-all', ref: 'secretlint', limit: 50,
    text: 'keyhole (all cores) >= 50x the MB/s of secretlint' },
  { id: 'history-vs-cat-file', kind: 'time', subject: 'keyhole-history-all', ref: 'git-cat-file', limit: 4,
    text: 'keyhole full history scan (provenance included) within 4x of git cat-file --batch-all-objects --batch' },
  { id: 'history-vs-log-p', kind: 'time', subject: 'keyhole-history-all', ref: 'git-log-p', limit: 1,
    text: 'keyhole full history scan no slower than git log -p -U0 --all alone' },
  // Same data, so the MB/s ratio is first-scan time / rescan time; `check` fails it if a blob was scanned.
  { id: 'rescan-unchanged', kind: 'speedup', subject: 'keyhole-rescan', ref: 'keyhole-rescan-first', limit: 10,
    text: 'rescan of the unchanged corpus scans 0 blobs and is ≥ 10x faster',
    check: (results) => (results['keyhole-rescan']?.scannedBlobs === 0 ? undefined : `rescan scanned ${results['keyhole-rescan']?.scannedBlobs ?? '?'} blobs`) },
];

/** Ratios printed for information only. */
const INFO = [
  { kind: 'time', subject: 'keyhole-1', ref: 'read-floor', text: 'keyhole --jobs 1 time / read floor' },
  { kind: 'time', subject: 'keyhole-1', ref: 'rg-j1', text: 'keyhole --jobs 1 time / rg -j1' },
  { kind: 'time', subject: 'keyhole-all', ref: 'rg-default', text: 'keyhole all cores time / rg default threads' },
  { kind: 'speedup', subject: 'keyhole-all', ref: 'keyhole-1', text: 'keyhole all cores speed-up over --jobs 1' },
  { kind: 'speedup', subject: 'keyhole-all-subset', ref: 'gitleaks-wasm', text: 'keyhole vs gitleaks-wasm, same subset' },
  { kind: 'speedup', subject: 'keyhole-all-subset', ref: 'secretlint', text: 'keyhole vs secretlint, same subset' },
  { kind: 'time', subject: 'keyhole-history-1', ref: 'git-cat-file', text: 'history: keyhole --jobs 1 time / git cat-file' },
  { kind: 'time', subject: 'git-log-p', ref: 'git-cat-file', text: 'history: git log -p -U0 --all time / git cat-file' },
  { kind: 'time', subject: 'keyhole-history-all', ref: 'git-log-p', text: 'history: keyhole all cores time / git log -p' },
  { kind: 'speedup', subject: 'keyhole-history-all', ref: 'keyhole-history-1', text: 'history: keyhole all cores speed-up over --jobs 1' },
];

/**
 * Computes one ratio. 'time': subject seconds / ref seconds (needs the same data).
 * 'speedup': subject MB/s / ref MB/s. A timed-out contestant gives a bound, not a value.
 */
function ratio(results, { kind, subject, ref }) {
  const s = results[subject];
  const r = results[ref];
  if (!s?.mbps || !r?.mbps) return { value: undefined, why: `${!s?.mbps ? subject : ref} not measured` };
  if (kind === 'time') {
    if (s.data !== r.data) return { value: undefined, why: 'different data' };
    return { value: s.seconds / r.seconds, bound: s.secondsIsLowerBound ? '>=' : r.secondsIsLowerBound ? '<=' : undefined };
  }
  // speedup: an upper bound on the ref's MB/s (it timed out) makes the speed-up a lower bound
  return { value: s.mbps / r.mbps, bound: r.mbpsIsUpperBound ? '>=' : s.mbpsIsUpperBound ? '<=' : undefined };
}

export function summarise(ctx) {
  const { results, skipped } = ctx;

  // ---- table -----------------------------------------------------------------------------------
  const ids = [...ORDER.filter((id) => results[id] || skipped[id]), ...Object.keys(results).filter((id) => !ORDER.includes(id))];
  log('');
  log('Results (wall time, best of the runs; MB = 10^6 bytes)');
  log(`  ${'contestant'.padEnd(40)} ${'data'.padEnd(12)} ${'MB'.padStart(7)} ${'files'.padStart(6)} ${'seconds'.padStart(9)} ${'MB/s'.padStart(8)}`);
  for (const id of ids) {
    const r = results[id];
    if (!r) {
      log(`  ${id.padEnd(40)} skipped: ${skipped[id]}`);
      continue;
    }
    const secs = r.seconds === undefined ? 'error' : `${r.secondsIsLowerBound ? '>' : ''}${fmt.s(r.seconds)}`;
    const rate = r.mbps === undefined ? '-' : `${r.mbpsIsUpperBound ? '<' : ''}${fmt.rate(r.mbps)}`;
    log(`  ${r.label.padEnd(40)} ${r.data.padEnd(12)} ${fmt.mb(r.bytes).padStart(7)} ${String(r.files).padStart(6)} ${secs.padStart(9)} ${rate.padStart(8)}`);
  }

  // ---- ratios and the bar ------------------------------------------------------------------------
  log('');
  log('Ratios (information)');
  const info = INFO.map((q) => ({ ...q, ...ratio(results, q) }));
  const infoWidth = Math.max(48, ...info.map((q) => q.text.length));
  for (const q of info) log(`  ${q.text.padEnd(infoWidth)} ${q.value === undefined ? `n/a (${q.why})` : `${q.bound ?? ''}${fmt.x(q.value)}`}`);

  log('');
  log('The bar');
  const barWidth = Math.max(62, ...BAR.map((b) => b.text.length));
  const bar = BAR.map((b) => {
    const { value, bound, why } = ratio(results, b);
    let verdict;
    if (value === undefined) verdict = 'SKIP';
    else if (b.kind === 'time') verdict = value <= b.limit && bound !== '>=' ? 'PASS' : 'FAIL';
    else verdict = value >= b.limit && bound !== '<=' ? 'PASS' : 'FAIL';
    const failed = value !== undefined ? b.check?.(results) : undefined;
    if (failed) verdict = 'FAIL';
    const shown = value === undefined ? `n/a (${why})` : `${bound ?? ''}${fmt.x(value)}${failed ? ` (${failed})` : ''}`;
    log(`  ${verdict.padEnd(5)} ${b.text.padEnd(barWidth)} ${shown}`);
    return { id: b.id, text: b.text, subject: b.subject, ref: b.ref, kind: b.kind, limit: b.limit, value, bound, verdict, why: why ?? failed };
  });

  if (ctx.notes.length) {
    log('');
    log('Notes');
    for (const n of ctx.notes) log(`  - ${n}`);
  }
  return { bar, info: info.map(({ text, subject, ref, kind, value, bound, why }) => ({ text, subject, ref, kind, value, bound, why })) };
}

export function writeJson(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
}
