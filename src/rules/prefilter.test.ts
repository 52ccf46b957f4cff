import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPrefilter, runPrefilter } from './prefilter.js';

function hits(keywords: string[], text: string): [string, number][] {
  const pf = buildPrefilter(keywords);
  const out: [string, number][] = [];
  runPrefilter(pf, Buffer.from(text, 'latin1'), (k, end) => out.push([keywords[k]!, end]));
  return out;
}

test('finds every occurrence, case-insensitively, with end offsets', () => {
  assert.deepEqual(hits(['ghp_', 'token'], 'x GHP_abc Token ghp_'), [
    ['ghp_', 6],
    ['token', 15],
    ['ghp_', 20],
  ]);
});

test('reports overlapping and nested keywords', () => {
  const got = hits(['pass', 'password', 'sword'], 'password');
  assert.deepEqual(got.map(([k]) => k).sort(), ['pass', 'password', 'sword']);
});

test('handles bytes above 127 and NUL without losing its place', () => {
  const got = hits(['key'], '\u00ff\u0000ke\u00e9key');
  assert.deepEqual(got, [['key', 8]]);
});

test('agrees with a naive search on random text', () => {
  const kws = ['ab', 'bca', 'aab', 'ca', 'abcab'];
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 3);
  const text = Array.from({ length: 20000 }, () => 'abc'[rnd()]).join('');
  const naive: [string, number][] = [];
  for (let i = 0; i < text.length; i++) for (const k of kws) if (text.startsWith(k, i)) naive.push([k, i + k.length]);
  const sort = (a: [string, number][]): string[] => a.map(([k, e]) => `${e}:${k}`).sort();
  assert.deepEqual(sort(hits(kws, text)), sort(naive));
});

test('a long buffer (two streams) gives the same hits, in the same order, as a short one would', () => {
  const kws = ['password', 'ghp_', 'token', 'ab'];
  const unit = 'x password=1 ghp_abc TOKEN ab ';
  for (const len of [4096, 4097, 5000, 9999]) {
    const text = unit.repeat(Math.ceil(len / unit.length)).slice(0, len);
    const naive: [string, number][] = [];
    for (let i = 0; i < text.length; i++) for (const k of kws) if (text.toLowerCase().startsWith(k, i)) naive.push([k, i + k.length]);
    naive.sort((x, y) => x[1] - y[1] || kws.indexOf(x[0]) - kws.indexOf(y[0]));
    const got = hits(kws, text);
    assert.deepEqual(got.map(([, e]) => e), naive.map(([, e]) => e), `ends in order, length ${len}`);
    assert.deepEqual([...got].sort().map(String), [...naive].sort().map(String));
  }
});
