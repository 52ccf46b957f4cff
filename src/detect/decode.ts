// Decoding passes: finds base64, hex, percent-encoded and backslash-escaped text worth scanning again.
import type { Encoding } from '../core/types.js';
import { base64RunsNative } from '../native/kernels.js';
import type { Prefilter } from '../rules/prefilter.js';

export interface Encoded {
  encoding: Encoding;
  /** Span of the encoded text in the parent, 0-based, half-open. */
  start: number;
  end: number;
  bytes: Uint8Array;
}

const MIN_DECODED = 12;
const MAX_RUN = 1 << 20;
const MIN_B64 = 20;
const MIN_HEX = 24;

// Byte classes: 1 = base64 (standard or URL-safe) character, 2 = hex digit.
const CLASS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9+/_-]/.test(ch)) CLASS[c] = CLASS[c]! | 1;
  if (/[0-9a-fA-F]/.test(ch)) CLASS[c] = CLASS[c]! | 2;
}
const B64_INDEX = new Int8Array(256).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((ch, i) => (B64_INDEX[ch.charCodeAt(0)] = i));
B64_INDEX[45] = 62; // '-'
B64_INDEX[95] = 63; // '_'

/** Mostly text: no control bytes beyond tab/CR/LF, and not mostly high bytes. */
export function isMostlyText(b: Uint8Array): boolean {
  let bad = 0;
  let high = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c < 9 || (c > 13 && c < 32) || c === 127) bad++;
    else if (c >= 128) high++;
  }
  return bad === 0 && high * 4 < b.length;
}

/**
 * Cheap test before decoding: in base64 of ASCII text the first character of every 4 encodes a byte's
 * top six bits, so its index is below 32 (A-Z, a-f); mostly-UTF-8 text is allowed a quarter of misses.
 */
function plausibleBase64(bytes: Uint8Array, start: number, end: number): boolean {
  // Gives up as soon as the misses pass a quarter of all quads (most runs are identifiers: early).
  const allowed = ((end - start) >> 2) >> 2;
  let bad = 0;
  for (let i = start; i + 4 <= end; i += 4) {
    if (B64_INDEX[bytes[i]!]! >= 32 && ++bad > allowed) return false;
  }
  return true;
}

/** Hex of printable text: the high nibble of each of the first bytes is 2-7. */
function plausibleHex(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end && i < start + 16; i += 2) {
    const c = bytes[i]!;
    if (c < 50 || c > 55) return false;
  }
  return true;
}

const isControl = (c: number): boolean => c < 9 || (c > 13 && c < 32) || c === 127;

/**
 * Whether the first 12 bytes the run decodes to hold no control byte (which `isMostlyText` would refuse
 * on the whole): decoding 16 characters by hand turns most identifiers away before any decoding call.
 */
function textStart(bytes: Uint8Array, start: number): boolean {
  for (let q = start; q < start + 16; q += 4) {
    const n = (B64_INDEX[bytes[q]!]! << 18) | (B64_INDEX[bytes[q + 1]!]! << 12) | (B64_INDEX[bytes[q + 2]!]! << 6) | B64_INDEX[bytes[q + 3]!]!;
    if (isControl(n >>> 16) || isControl((n >>> 8) & 255) || isControl(n & 255)) return false;
  }
  return true;
}

function decodeBase64Run(bytes: Uint8Array, start: number, end: number, out: Encoded[]): void {
  if (end - start > MAX_RUN || !plausibleBase64(bytes, start, end) || !textStart(bytes, start)) return;
  let e = end;
  while (e < bytes.length && e - end < 2 && bytes[e] === 61) e++; // '=' padding
  // Node's base64 decoder reads the URL-safe alphabet (- _) as well as the standard one (+ /).
  const decoded = Buffer.from(Buffer.from(bytes.buffer, bytes.byteOffset + start, e - start).toString('latin1'), 'base64');
  if (decoded.length >= MIN_DECODED && isMostlyText(decoded)) out.push({ encoding: 'base64', start, end: e, bytes: decoded });
}

function decodeHexRun(bytes: Uint8Array, start: number, end: number, out: Encoded[]): void {
  const len = (end - start) & ~1;
  if (len > MAX_RUN || !plausibleHex(bytes, start, start + len)) return;
  const decoded = Buffer.from(Buffer.from(bytes.buffer, bytes.byteOffset + start, len).toString('latin1'), 'hex');
  if (decoded.length >= MIN_DECODED && isMostlyText(decoded)) out.push({ encoding: 'hex', start, end: start + len, bytes: decoded });
}

function decodeRun(bytes: Uint8Array, s: number, e: number, out: Encoded[]): void {
  decodeBase64Run(bytes, s, e, out);
  if (e - s >= MIN_HEX) hexRunsIn(bytes, s, e, out);
}

/** Runs of at least MIN_B64 base64 characters, found by the SIMD kernel where it runs (else `jsRuns`). */
function encodedRuns(bytes: Uint8Array, out: Encoded[], pf?: Prefilter): void {
  // The kernel leaves out the runs decodeRun would turn away at once (nine in ten, mostly identifiers).
  const runs = pf ? base64RunsNative(pf, bytes, MIN_B64, true) : undefined;
  if (!runs) {
    jsRuns(bytes, out);
    return;
  }
  for (let i = 0; i < runs.length; i += 2) decodeRun(bytes, runs[i]!, runs[i + 1]!, out);
}

/**
 * Maximal runs of at least `min` bytes of class `mask` (CLASS bits) in [from, to), found without
 * touching every byte: such a run holds one of the probe positions `min` apart, so only probes that
 * land in the class are expanded (in identifiers and prose most do not). Each run is decoded at once
 * (`kind` says how); no callback, so the million runs a large scan meets allocate nothing here.
 */
function probeRuns(bytes: Uint8Array, from: number, to: number, mask: number, min: number, kind: 'b64' | 'hex', out: Encoded[]): void {
  let lastEnd = from;
  let i = from + min - 1;
  while (i < to) {
    if ((CLASS[bytes[i]!]! & mask) === 0) {
      i += min;
      continue;
    }
    let s = i;
    while (s > lastEnd && (CLASS[bytes[s - 1]!]! & mask) !== 0) s--;
    let e = i + 1;
    while (e < to && (CLASS[bytes[e]!]! & mask) !== 0) e++;
    if (e - s >= min) {
      if (kind === 'hex') decodeHexRun(bytes, s, e, out);
      else decodeRun(bytes, s, e, out);
    }
    lastEnd = e;
    i = e + min;
  }
}

function jsRuns(bytes: Uint8Array, out: Encoded[]): void {
  probeRuns(bytes, 0, bytes.length, 1, MIN_B64, 'b64', out);
}

function hexRunsIn(bytes: Uint8Array, from: number, to: number, out: Encoded[]): void {
  probeRuns(bytes, from, to, 2, MIN_HEX, 'hex', out);
}

const TOKEN_STOP = /[\s"'<>`]/;
/** Bytes of context on each side of a keyword in which percent- and backslash-escapes are decoded. */
export const AROUND = 512;

/** Percent-encoded tokens in `seg`, the text of bytes [from, from + seg.length). */
function percentRuns(seg: string, from: number, out: Encoded[]): void {
  const to = seg.length;
  let i = seg.indexOf('%');
  let lastEnd = -1;
  while (i !== -1 && i < to) {
    if (i >= lastEnd && /^%[0-9A-Fa-f]{2}/.test(seg.slice(i, i + 3))) {
      let s = i;
      while (s > 0 && !TOKEN_STOP.test(seg[s - 1]!)) s--;
      let e = i;
      while (e < to && !TOKEN_STOP.test(seg[e]!)) e++;
      lastEnd = e;
      try {
        const decoded = decodeURIComponent(Buffer.from(seg.slice(s, e), 'latin1').toString('utf8'));
        const bytes = Buffer.from(decoded, 'utf8');
        if (bytes.length >= MIN_DECODED) out.push({ encoding: 'percent', start: from + s, end: from + e, bytes });
      } catch {
        // not valid percent-encoding: nothing to decode
      }
    }
    i = seg.indexOf('%', i + 1);
  }
}

const hexValue = (c: number): number => (c >= 48 && c <= 57 ? c - 48 : (c | 32) >= 97 && (c | 32) <= 102 ? (c | 32) - 87 : -1);

/** The value of the `n` hex digits at `at` in `b` (before `end`), or -1 when they are not all hex digits. */
function hexAt(b: Uint8Array, at: number, n: number, end: number): number {
  if (at + n > end) return -1;
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = hexValue(b[at + k]!);
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/**
 * Bytes [from, to) of `b` with the JSON and JavaScript escapes decoded: \uXXXX (its low byte), \xXX,
 * \" \' \\ \/ \b \f \n \r \t; any other backslash stays. Left to right, each escape read once
 * (`\\u0041` is a backslash and `u0041`), as a global regex replace would. Undefined when the span has
 * none of \" \' \u or \xXX (only those hide a keyword or a value worth decoding for). Works on the
 * bytes (no text made): in a source map's embedded sources escapes come by the thousand.
 */
export function unescapeBytes(b: Uint8Array, from: number, to: number): Uint8Array | undefined {
  let any = false;
  // Backslashes found natively: in code most stretches have a few (`\n`, `\d`) and none of these.
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  for (let i = buf.indexOf(92, from); i !== -1 && i < to - 1; i = buf.indexOf(92, i + 1)) {
    const c = b[i + 1]!;
    if (c === 34 || c === 39 || c === 117 || (c === 120 && hexAt(b, i + 2, 2, to) >= 0)) {
      any = true;
      break;
    }
  }
  if (!any) return undefined;
  const out = Buffer.allocUnsafe(to - from);
  let w = 0;
  for (let i = from; i < to; i++) {
    const c = b[i]!;
    if (c !== 92 || i + 1 >= to) {
      out[w++] = c;
      continue;
    }
    const e = b[i + 1]!;
    let v = -1;
    let len = 2;
    if (e === 117) {
      v = hexAt(b, i + 2, 4, to);
      if (v >= 0) {
        v &= 0xff;
        len = 6;
      }
    } else if (e === 120) {
      v = hexAt(b, i + 2, 2, to);
      len = 4;
    } else if (e === 34 || e === 39 || e === 92 || e === 47) v = e;
    else if (e === 98) v = 8;
    else if (e === 102) v = 12;
    else if (e === 110) v = 10;
    else if (e === 114) v = 13;
    else if (e === 116) v = 9;
    if (v < 0) {
      out[w++] = c; // not an escape: the backslash stays, and the next byte is read as usual
      continue;
    }
    out[w++] = v;
    i += len - 1;
  }
  return out.subarray(0, w);
}

/**
 * Every span of `bytes` that decodes to something worth scanning (`textOf` gives the latin1 text of a
 * span of them).
 * Base64 and hex are looked for everywhere (they hide keywords); percent- and backslash-escapes only
 * in `segs` ([start, end) pairs, in order: the line stretches around keyword hits), since decoding
 * them leaves the keywords readable. `pf` (the rule set's prefilter) lets the WebAssembly kernel find
 * base64 runs in the copy of `bytes` it already holds.
 */
export function findEncoded(bytes: Uint8Array, textOf: (from: number, to: number) => string, segs: readonly number[], pf?: Prefilter): Encoded[] {
  const out: Encoded[] = [];
  encodedRuns(bytes, out, pf);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Next '%' and '\\' at or after a position: segments come in order, so each is searched for again
  // only once the segments have passed it.
  let pct = -2;
  let bs = -2;
  for (let i = 0; i < segs.length; i += 2) {
    const from = segs[i]!;
    const to = segs[i + 1]!;
    if (pct !== -1 && pct < from) pct = buf.indexOf(37, from);
    if (bs !== -1 && bs < from) bs = buf.indexOf(92, from);
    if (pct !== -1 && pct < to) percentRuns(textOf(from, to), from, out);
    if (bs !== -1 && bs < to) {
      const decoded = unescapeBytes(bytes, from, to);
      if (decoded) out.push({ encoding: 'escape', start: from, end: to, bytes: decoded });
    }
  }
  return out;
}
