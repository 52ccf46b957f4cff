// CSV report: RFC 4180 quoting, one row per location, and no formula a spreadsheet would run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redact } from '../core/redact.js';
import { FORMULA_SECRET, sampleInput, TOTAL_LOCATIONS } from './fixtures/findings.js';
import { csvCell, formatCsv } from './csv.js';

/** A small RFC 4180 reader: enough to check that what we write parses back to what we meant. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  assert.equal(cell, '', 'text after the last CRLF');
  return rows;
}

describe('csvCell', () => {
  it('quotes quotes, commas and line breaks', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell('cr\rhere'), '"cr\rhere"');
    assert.equal(csvCell(undefined), '');
    assert.equal(csvCell(12), '12');
    assert.equal(csvCell(false), 'false');
  });

  it('neutralizes cells a spreadsheet would evaluate', () => {
    for (const s of ['=1+1', '+1', '-1+2', '@SUM(A1)', '\t=1', '\r=1']) assert.ok(csvCell(s).replace(/^"/, '').startsWith("'"), s);
    assert.equal(csvCell('=cmd|"/c calc"!A0'), '"\'=cmd|""/c calc""!A0"');
    assert.equal(csvCell('a=1'), 'a=1');
    assert.equal(csvCell('-'), '-', 'stdin keeps its path');
  });
});

describe('formatCsv', () => {
  const rows = parseCsv(formatCsv(sampleInput(false)));
  const [header, ...body] = rows;

  it('writes the header and one row per location, every row as wide as the header', () => {
    assert.deepEqual(header, ['finding', 'rule', 'severity', 'category', 'provider', 'path', 'line', 'column',
      'commit', 'author', 'date', 'at_head', 'validation', 'secret_redacted']);
    assert.equal(body.length, TOTAL_LOCATIONS);
    for (const r of body) assert.equal(r.length, header?.length);
  });

  it('round-trips paths with commas and quotes, and fills git columns', () => {
    const git = body.find((r) => r[5] === 'deploy/settings.py');
    assert.deepEqual(git?.slice(5, 13), ['deploy/settings.py', '12', '9', 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      'Dana Dev', '2023-04-05T10:11:12Z', 'false', 'valid (aws-key-id)']);
    assert.ok(body.some((r) => r[5] === 'config/prod, "old".env'));
    assert.ok(body.some((r) => r[5] === 'backups/site 2023.zip!site/.aws/credentials'));
    assert.ok(body.some((r) => r[5] === 'exports/jira-2024.json#OPS-17/comment:2001' && r[9] === 'Sam Ops'));
  });

  it('neutralizes formula cells in paths, providers and secrets', () => {
    const row = body.find((r) => r[1] === 'password-in-url');
    assert.equal(row?.[4], "'+provider");
    assert.equal(row?.[5], "'@evil/=cmd.txt");
    assert.equal(row?.[13], redact(FORMULA_SECRET));
    const shown = parseCsv(formatCsv(sampleInput(true)));
    assert.equal(shown[0]?.at(-1), 'secret');
    assert.equal(shown.find((r) => r[1] === 'password-in-url')?.at(-1), `'${FORMULA_SECRET}`);
    assert.equal(shown[0]?.length, 15);
  });
});
