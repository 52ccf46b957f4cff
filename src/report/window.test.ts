import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding, Location } from '../core/types.js';
import { applyWindow, parseWindow } from './window.js';

const gitLoc = (date: string): Location => ({
  provenance: { kind: 'git', repo: 'P/r', path: 'a.env', blob: 'b'.repeat(40), commit: { id: 'c'.repeat(40), author: 'A', email: 'a@x', date, summary: 's' } },
  line: 1, column: 1, start: 0, end: 4, context: 'x',
});
const finding = (id: string, locations: Location[]): Finding => ({
  id, ruleId: 'r', ruleName: 'R', severity: 'high', category: 'generic', provider: 'p', secret: 's3cr3t-value', redacted: '…alue',
  entropy: 3, validation: { status: 'unknown' }, locations,
});

test('parses FROM..TO and ..TO; a date-only end includes its whole day', () => {
  const w = parseWindow('2025-01-01..2025-03-31');
  assert.equal(w.from, Date.parse('2025-01-01T00:00:00.000Z'));
  assert.equal(w.to, Date.parse('2025-03-31T23:59:59.999Z'));
  assert.equal(parseWindow('..2025-03-31T12:00:00Z').from, undefined);
  assert.throws(() => parseWindow('2025-03-31'), /FROM\.\.TO/);
  assert.throws(() => parseWindow('..soon'), /not a date/);
  assert.throws(() => parseWindow('2025-04-01..2025-03-01'), /ends before it starts/);
});

test('secrets introduced up to the end are exposed (history counts); later ones are not; undated ones are', () => {
  const old = finding('old', [gitLoc('2024-06-01T10:00:00+00:00')]);
  const later = finding('later', [gitLoc('2025-05-01T10:00:00+00:00')]);
  const both = finding('both', [gitLoc('2025-05-01T10:00:00+00:00'), gitLoc('2025-03-31T18:00:00+0000')]);
  const file = finding('file', [{ provenance: { kind: 'file', path: 'x' }, line: 1, column: 1, start: 0, end: 1, context: '' }]);
  const out = applyWindow([later, old, both, file], parseWindow('2025-01-01..2025-03-31'));
  assert.deepEqual(out.map((f) => `${f.id} ${f.window?.exposed}`), ['old true', 'both true', 'file true', 'later false']);
  assert.match(out.find((f) => f.id === 'later')!.window!.reason, /after the window/);
  assert.match(out.find((f) => f.id === 'file')!.window!.reason, /no dated location/);
});
