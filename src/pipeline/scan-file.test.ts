import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { buildRuleSet } from '../rules/compile.js';
import { parseRuleDocument } from '../rules/load.js';
import { scanBuffer, scanFile } from './scan-file.js';

const rs = buildRuleSet(
  parseRuleDocument(
    `provider: test
rules:
  - id: test-token
    name: Test token
    description: A test token.
    severity: high
    category: saas
    keywords: [tkn_]
    pattern: '\\b(tkn_[A-Za-z0-9]{20})\\b'
    rotation: { steps: Revoke it. }
    examples: ['tkn_Q8w7E6r5T4y3U2i1O0pA']`,
    'test.yaml',
  ),
);

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-scanfile-'));

test('large files are read in chunks and no secret on a chunk boundary is lost or doubled', () => {
  const dir = tmp();
  const file = path.join(dir, 'big.txt');
  const token = 'tkn_Q8w7E6r5T4y3U2i1O0pA';
  const chunk = 4096;
  const lines: string[] = [];
  let size = 0;
  const expected: number[] = [];
  // Place a token across every chunk boundary and count lines as we go.
  for (let i = 0; size < chunk * 10; i++) {
    const l = i % 7 === 3 ? `k${'x'.repeat(i % 50)} ${token}` : `line ${i} ${'y'.repeat((i * 37) % 90)}`;
    if (l.includes(token)) expected.push(lines.length + 1);
    lines.push(l);
    size += l.length + 1;
  }
  fs.writeFileSync(file, lines.join('\n'));
  const r = scanFile(rs, file, { maxFileSize: 1 << 30, chunkSize: chunk, overlap: 256 });
  assert.equal(r.status, 'ok');
  assert.deepEqual(r.matches.map((m) => m.line), expected);
  const whole = scanFile(rs, file, { maxFileSize: 1 << 30 });
  assert.deepEqual(r.matches.map((m) => m.start), whole.matches.map((m) => m.start));
});

test('binary files are detected and skipped; too-large files are skipped', () => {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, 'a.bin'), Buffer.from([1, 2, 0, 3, ...Buffer.from('tkn_Q8w7E6r5T4y3U2i1O0pA')]));
  assert.equal(scanFile(rs, path.join(dir, 'a.bin'), { maxFileSize: 1 << 20 }).status, 'binary');
  fs.writeFileSync(path.join(dir, 'b.txt'), 'x'.repeat(100));
  assert.equal(scanFile(rs, path.join(dir, 'b.txt'), { maxFileSize: 10 }).status, 'too-large');
  const missing = scanFile(rs, path.join(dir, 'nope'), { maxFileSize: 10 });
  assert.equal(missing.status, 'error');
  assert.equal(missing.error?.code, 'ENOENT');
});

test('files of every size around the read buffer (1 MB) and the limits are read whole, or turned away by size', () => {
  const dir = tmp();
  const token = 'tkn_Q8w7E6r5T4y3U2i1O0pA';
  const MB = 1 << 20;
  for (const size of [0, 30, MB - 1, MB, MB + 1, 3 * MB + 7]) {
    const file = path.join(dir, `f${size}.txt`);
    // The token at the very end: a file read short would lose it.
    const body = size >= token.length + 1 ? `${'x'.repeat(size - token.length - 1)} ${token}` : 'y'.repeat(size);
    fs.writeFileSync(file, body);
    const r = scanFile(rs, file, { maxFileSize: 1 << 30 });
    assert.equal(r.status, 'ok', `${size} bytes`);
    assert.equal(r.bytes, size);
    assert.deepEqual(r.matches.map((m) => m.start), size >= token.length + 1 ? [size - token.length] : [], `${size} bytes`);
    // Exactly at the size limit is scanned; one byte over is too large; over `deferAbove`, left alone.
    if (size > 0) {
      assert.equal(scanFile(rs, file, { maxFileSize: size }).status, 'ok', `${size} bytes, limit ${size}`);
      const over = scanFile(rs, file, { maxFileSize: size - 1 });
      assert.deepEqual([over.status, over.bytes], ['too-large', size], `${size} bytes, limit ${size - 1}`);
      assert.equal(scanFile(rs, file, { maxFileSize: 1 << 30 }, size - 1), undefined);
      assert.equal(scanFile(rs, file, { maxFileSize: 1 << 30 }, size)?.status, 'ok');
    }
  }
});

test('a file read into the kernels\' memory gives what its bytes scanned from a copy give, decodings included', () => {
  const dir = tmp();
  const token = (n: number): string => `tkn_${String(n).padStart(4, '0')}Q8w7E6r5T4y3U2i1`;
  // Plain, base64, hex and escaped tokens (the decoded ones are scanned in a second region while the
  // file stays in the first), in files of growing size: each read may need a larger input region.
  for (const [i, size] of [10, 5_000, 300_000, 1_500_000, 40].entries()) {
    const parts: string[] = [];
    let k = 0;
    while (parts.join('\n').length < size) {
      const t = token(i * 1000 + k++);
      parts.push(
        `plain = ${t}`,
        `b64 = ${Buffer.from(`key: ${t}`).toString('base64')}`,
        `hex = ${Buffer.from(`key: ${t}`).toString('hex')}`,
        `json = "{\\"key\\": \\"${t.slice(0, 10)}\\u0051${t.slice(11)}\\"}"`,
        'filler '.repeat(k % 13),
      );
    }
    const file = path.join(dir, `f${i}.txt`);
    fs.writeFileSync(file, parts.join('\n'));
    const fromFile = scanFile(rs, file, { maxFileSize: 1 << 30 });
    const fromCopy = scanBuffer(rs, fs.readFileSync(file), { maxFileSize: 1 << 30 }, file);
    assert.equal(fromFile.status, 'ok');
    assert.ok(fromFile.matches.some((m) => m.encoding?.includes('base64')) && fromFile.matches.some((m) => m.encoding?.includes('escape')), `file ${i}`);
    assert.deepEqual(fromFile.matches, fromCopy.matches, `file ${i} (${size} bytes)`);
  }
});
