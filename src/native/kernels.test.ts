import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPrefilter, runPrefilter } from '../rules/prefilter.js';
import { base64RunsNative, countByteNative, kernelsAvailable, resetKernels, runPrefilterNative } from './kernels.js';

// A deterministic generator, so a failure can be replayed.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function textOf(r: () => number, n: number, words: string[]): Buffer {
  const parts: string[] = [];
  let len = 0;
  while (len < n) {
    const x = r();
    const p = x < 0.15 ? words[Math.floor(r() * words.length)]! : x < 0.2 ? '\n' : x < 0.25 ? 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo='.slice(0, 1 + Math.floor(r() * 36)) : String.fromCharCode(Math.floor(r() * 256));
    parts.push(p);
    len += p.length;
  }
  return Buffer.from(parts.join(''), 'latin1');
}

const KEYWORDS = ['ghp_', 'token', 'pass', 'password', 'sword', 'eaa', 'aaaa', '-u', 'https://', 'x'.repeat(70)];

test('the kernels load here (Node 20 has WebAssembly SIMD)', () => {
  assert.equal(kernelsAvailable(), true);
});

test('the DFA kernel reports exactly what the JavaScript automaton reports, in the same order', () => {
  const pf = buildPrefilter(KEYWORDS);
  const r = rng(7);
  // Sizes around the stream and segment boundaries (a quarter of 256 KB, 256 KB), and tiny ones.
  for (const n of [0, 1, 3, 70, 4095, 4096, 65535, 65536, 65537, 262143, 262144, 262145, 600_000]) {
    const bytes = textOf(r, n, KEYWORDS.map((k) => (r() < 0.5 ? k.toUpperCase() : k))).subarray(0, n);
    const js: number[] = [];
    const wasm: number[] = [];
    runPrefilter(pf, bytes, (k, end) => js.push(k, end));
    assert.equal(runPrefilterNative(pf, bytes, (k, end) => wasm.push(k, end)), true);
    assert.deepEqual(wasm, js, `input of ${n} bytes`);
  }
});

test('the DFA kernel follows a change of prefilter and of input', () => {
  const a = buildPrefilter(['alpha']);
  const b = buildPrefilter(['beta']);
  const hitsOf = (pf: typeof a, text: string): number[] => {
    const out: number[] = [];
    runPrefilterNative(pf, Buffer.from(text), (_k, end) => out.push(end));
    return out;
  };
  assert.deepEqual(hitsOf(a, 'alpha beta'), [5]);
  assert.deepEqual(hitsOf(b, 'alpha beta'), [10]);
  const buf = Buffer.from('alpha alpha');
  assert.deepEqual(hitsOf(a, buf.toString()), [5, 11]);
  resetKernels();
  assert.deepEqual(hitsOf(a, 'xxalpha'), [7]);
});

function jsRuns(b: Uint8Array, min: number): number[] {
  const isB64 = (c: number): boolean => /[A-Za-z0-9+/_-]/.test(String.fromCharCode(c));
  const out: number[] = [];
  for (let i = 0; i < b.length; ) {
    if (!isB64(b[i]!)) {
      i++;
      continue;
    }
    const s = i;
    while (i < b.length && isB64(b[i]!)) i++;
    if (i - s >= min) out.push(s, i);
  }
  return out;
}

test('the base64-run kernel finds every maximal run of 20 or more, across 64-byte blocks', () => {
  const pf = buildPrefilter(['key']);
  const r = rng(11);
  const cases: Buffer[] = [
    Buffer.alloc(0),
    Buffer.from('a'.repeat(19)),
    Buffer.from('a'.repeat(20)),
    Buffer.from('a'.repeat(64)),
    Buffer.from('a'.repeat(128)),
    Buffer.from(' '.repeat(44) + 'b'.repeat(20) + ' '),
    Buffer.from(' '.repeat(60) + 'c'.repeat(30) + ' ' + 'd'.repeat(19) + ' ' + 'e'.repeat(200)),
  ];
  for (let i = 0; i < 200; i++) cases.push(textOf(r, Math.floor(r() * 3000), ['QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo', 'A'.repeat(63), '+/_-']));
  for (const bytes of cases) {
    const got = base64RunsNative(pf, bytes, 20);
    assert.ok(got);
    assert.deepEqual(Array.from(got), jsRuns(bytes, 20), `input of ${bytes.length} bytes`);
  }
});

/**
 * What the decodable filter keeps, the slow way: plausible base64 of text whose first 16 characters
 * decode to no control byte, or 24 hex digits in a row.
 */
function decodable(b: Uint8Array, s: number, e: number): boolean {
  let bad = 0;
  for (let q = s; q + 4 <= e; q += 4) if (!/[A-Za-f]/.test(String.fromCharCode(b[q]!))) bad++;
  const head = Buffer.from(Buffer.from(b.subarray(s, s + 16)).toString('latin1').replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bad <= (e - s) >> 4 && !head.some((c) => c < 9 || (c > 13 && c < 32) || c === 127)) return true;
  return /[0-9a-fA-F]{24}/.test(Buffer.from(b.subarray(s, e)).toString('latin1'));
}

test('the base64-run kernel, asked for decodable runs only, keeps those and no other', () => {
  const pf = buildPrefilter(['key']);
  const r = rng(5);
  const hex = Buffer.from('a secret of sorts').toString('hex');
  const cases: Buffer[] = [
    Buffer.from(`x = ${'zq'.repeat(20)};`),
    Buffer.from(`x = ${Buffer.from('plain text, base64 encoded').toString('base64')};`),
    Buffer.from(`h = zz${hex}zz;`),
    Buffer.from(`h = zz${hex.slice(0, 23)}zz${hex.slice(0, 23)}zz;`),
  ];
  for (let i = 0; i < 200; i++) cases.push(textOf(r, Math.floor(r() * 3000), ['QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo', 'zyxwvutsrqpo', hex, '0123456789abcdef', '+/_-', 'AAAAAAAAAAAAAAAAAAAA', 'YWJj-_']));
  // 24 and 23 hex digits at every offset of a long run that is not base64 of text (the kernel looks in
  // 64-byte windows).
  for (let at = 0; at <= 176; at++) {
    for (const len of [23, 24]) cases.push(Buffer.from(` ${'z'.repeat(at)}${'0a'.repeat(12).slice(0, len)}${'z'.repeat(200 - at - len)} `));
  }
  let kept = 0;
  let dropped = 0;
  for (const bytes of cases) {
    const all = jsRuns(bytes, 20);
    const want: number[] = [];
    for (let i = 0; i < all.length; i += 2) if (decodable(bytes, all[i]!, all[i + 1]!)) want.push(all[i]!, all[i + 1]!);
    const got = base64RunsNative(pf, bytes, 20, true);
    assert.ok(got);
    assert.deepEqual(Array.from(got), want, `input of ${bytes.length} bytes`);
    kept += want.length / 2;
    dropped += (all.length - want.length) / 2;
  }
  assert.ok(kept > 50 && dropped > 50, `both kinds of run met (${kept} kept, ${dropped} dropped)`);
});

test('the count kernel counts a byte in any range', () => {
  const r = rng(3);
  const bytes = textOf(r, 5000, ['\n', '\n\n']);
  for (const [from, to] of [[0, 0], [0, 1], [0, 5000], [17, 33], [1, 4999], [100, 116]] as const) {
    let want = 0;
    for (let i = from; i < to; i++) if (bytes[i] === 10) want++;
    assert.equal(countByteNative(bytes, from, to, 10), want, `[${from}, ${to})`);
  }
});

test('a buffer refilled in place and scanned again is read again', () => {
  const pf = buildPrefilter(['alpha', 'beta']);
  const buf = Buffer.from('alpha.....');
  const ends = (): number[] => {
    const out: number[] = [];
    runPrefilterNative(pf, buf, (_k, end) => out.push(end));
    return out;
  };
  assert.deepEqual(ends(), [5]);
  buf.write('..beta....');
  assert.deepEqual(ends(), [6]);
});
