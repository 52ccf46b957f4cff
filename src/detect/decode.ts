// Decoding passes: finds base64, hex, percent-encoded and backslash-escaped text worth scanning again.
import type { Encoding } from '../core/types.js';

export interface Encoded {
  encoding: Encoding;
  /** Span of the encoded text in the parent, 0-based, half-open. */
  start: number;
  end: number;
  bytes: Uint8Array;
}

const MIN_DECODED = 12;
const MAX_RUN = 1 << 20;
const BASE64_RUN = /[A-Za-z0-9+/_-]{20,}={0,2}/g;
const HEX_RUN = /(?:[0-9a-fA-F]{2}){12,}/g;

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

function base64Runs(text: string, out: Encoded[]): void {
  BASE64_RUN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BASE64_RUN.exec(text)) !== null) {
    const run = m[0];
    if (run.length > MAX_RUN) continue;
    // Pure hex and plain words are handled elsewhere or not encodings at all.
    if (/^[0-9a-fA-F]+$/.test(run) || !/[0-9]/.test(run) && !/[+/=]/.test(run) && /^[A-Za-z_-]+$/.test(run)) continue;
    const bytes = Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length >= MIN_DECODED && isMostlyText(bytes)) out.push({ encoding: 'base64', start: m.index, end: m.index + run.length, bytes });
  }
}

function hexRuns(text: string, out: Encoded[]): void {
  HEX_RUN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = HEX_RUN.exec(text)) !== null) {
    if (m[0].length > MAX_RUN) continue;
    const bytes = Buffer.from(m[0], 'hex');
    if (isMostlyText(bytes)) out.push({ encoding: 'hex', start: m.index, end: m.index + m[0].length, bytes });
  }
}

const TOKEN_STOP = /[\s"'<>`]/;

function percentRuns(text: string, out: Encoded[]): void {
  let i = text.indexOf('%');
  let lastEnd = -1;
  while (i !== -1) {
    if (i >= lastEnd && /^%[0-9A-Fa-f]{2}/.test(text.slice(i, i + 3))) {
      let s = i;
      while (s > 0 && i - s < 2048 && !TOKEN_STOP.test(text[s - 1]!)) s--;
      let e = i;
      while (e < text.length && e - i < 2048 && !TOKEN_STOP.test(text[e]!)) e++;
      lastEnd = e;
      try {
        const decoded = decodeURIComponent(Buffer.from(text.slice(s, e), 'latin1').toString('utf8'));
        const bytes = Buffer.from(decoded, 'utf8');
        if (bytes.length >= MIN_DECODED) out.push({ encoding: 'percent', start: s, end: e, bytes });
      } catch {
        // not valid percent-encoding: nothing to decode
      }
    }
    i = text.indexOf('%', i + 1);
  }
}

const ESCAPE = /\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(["'\\/bfnrt]))/g;
const SIMPLE: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function escapedLines(text: string, out: Encoded[]): void {
  let i = text.indexOf('\\');
  while (i !== -1) {
    const ls = text.lastIndexOf('\n', i) + 1;
    let le = text.indexOf('\n', i);
    if (le === -1) le = text.length;
    const line = text.slice(ls, le);
    if (/\\["'u]|\\x[0-9a-fA-F]{2}/.test(line)) {
      const decoded = line.replace(ESCAPE, (_all, u?: string, x?: string, c?: string) =>
        u ? String.fromCharCode(parseInt(u, 16)) : x ? String.fromCharCode(parseInt(x, 16)) : SIMPLE[c!] ?? c!,
      );
      out.push({ encoding: 'escape', start: ls, end: le, bytes: Buffer.from(decoded, 'latin1') });
    }
    i = text.indexOf('\\', le);
  }
}

/** Every span of `text` (a latin1 view of the bytes) that decodes to something worth scanning. */
export function findEncoded(text: string): Encoded[] {
  const out: Encoded[] = [];
  base64Runs(text, out);
  hexRuns(text, out);
  percentRuns(text, out);
  escapedLines(text, out);
  return out;
}
