import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex } from './lines.js';

function naive(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

test('line index: positions agree with a naive count, asked in any order', () => {
  const text = 'first\r\nsecond line\n\n' + 'x'.repeat(1000) + '\nlast';
  const li = new LineIndex(Buffer.from(text, 'latin1'));
  for (const o of [0, 5, 6, 7, 20, 21, 500, 1021, 1022, text.length, 3, 1023]) assert.deepEqual(li.position(o), naive(text, o), `offset ${o}`);
});

test('line index: the context is the line, bounded, without CR, marked where cut', () => {
  const long = 'a'.repeat(500) + 'SECRET' + 'b'.repeat(500);
  const text = 'one\r\n' + long + '\nthree';
  const li = new LineIndex(Buffer.from(text, 'latin1'));
  assert.equal(li.context(0, 3), 'one');
  const at = text.indexOf('SECRET');
  const ctx = li.context(at, at + 6);
  assert.ok(ctx.startsWith('…') && ctx.endsWith('…') && ctx.includes('SECRET'));
  assert.ok(ctx.length <= 242);
  assert.equal(li.context(text.length - 5, text.length), 'three');
});
