import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unescapeBytes } from './decode.js';

/** The decoding as text (latin1 both ways), or the input when nothing is decoded. */
const unescapeText = (s: string): string => {
  const b = Buffer.from(s, 'latin1');
  const d = unescapeBytes(b, 0, b.length);
  return d ? Buffer.from(d).toString('latin1') : s;
};

/**
 * The escapes as a global regex replace reads them, where the text has one that can hide something
 * (\" \' \u or \xXX): the reference the byte loop must agree with.
 */
function reference(s: string): string {
  const simple: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
  if (!/\\["'u]|\\x[0-9a-fA-F]{2}/.test(s)) return s;
  return s.replace(/\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(["'\\/bfnrt]))/g, (_all, u?: string, x?: string, c?: string) =>
    u ? String.fromCharCode(parseInt(u, 16) & 0xff) : x ? String.fromCharCode(parseInt(x, 16)) : simple[c!] ?? c!,
  );
}

test('unescapeBytes decodes JSON and JavaScript escapes as a left-to-right regex replace does', () => {
  for (const [text, want] of [
    ['{\\"password\\": \\"hunter2\\"}', '{"password": "hunter2"}'],
    ['\\u0070\\u0061ss \\x41\\x4a', 'pass AJ'],
    ['\\\\u0041 stays a backslash and u0041', '\\u0041 stays a backslash and u0041'],
    ['\\q \\u12G4 \\x4 \\', '\\q \\u12G4 \\x4 \\'],
    ['\\"tabs\\tand\\nlines\\r\\b\\f\\/', '"tabs\tand\nlines\r\b\f/'],
    ['only\\tsimple\\nescapes', 'only\\tsimple\\nescapes'],
    ['no escapes at all', 'no escapes at all'],
  ]) assert.equal(unescapeText(text!), want, text);
  // Random text dense with backslashes, escape letters and hex digits.
  const pieces = ['\\', '\\\\', 'u', 'x', '0', '4', '1', 'a', 'F', 'g', '"', "'", '/', 'n', 't', 'b', ' ', 'z', '\\u00', '\\x7'];
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
  for (let i = 0; i < 2000; i++) {
    let s = '';
    const n = Math.floor(rnd() * 40);
    for (let k = 0; k < n; k++) s += pieces[Math.floor(rnd() * pieces.length)];
    assert.equal(unescapeText(s), reference(s), JSON.stringify(s));
  }
});
