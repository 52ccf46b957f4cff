// Keyword gates: what a keyword hit must look like for a rule's match to start there.
//
// Many provider rules start with a fixed, case-sensitive literal at a boundary (`(?<![A-Za-z0-9+/_-])EAA…`,
// `\bATTA…`). Their keywords are that literal's start, but the prefilter matches keywords without case and
// anywhere (`eaa` in "hEAAder", `pat` in "path", `EAAA` inside base64 data), so most hits could never be
// where a match starts. A gate is derived from the pattern: the literal every match starts with and the
// bytes that may not precede it. A hit that fails its rule's gate opens no window for that rule; a match
// always starts at a hit that passes, so no match is lost (the rule examples check this for every rule).
//
// Derivation is conservative: anything it does not understand (top-level alternation, a class or an
// escape class where the literal would be, a quantifier on it) yields no gate, and the rule runs on
// every hit as before.

import { classEnd } from './regex-length.js';

export interface Gate {
  /** The bytes every match starts with (lower-cased when `fold`). */
  lit: Uint8Array;
  /** Compare without ASCII case. */
  fold: boolean;
  /** deny[b] === 1: a match cannot start right after byte b (a lookbehind or word boundary). */
  deny?: Uint8Array;
  /**
   * follow[b] === 1 for the bytes of the class the pattern repeats right after the literal
   * (`EAA[A-Za-z0-9]{90,400}`); the first `followMin` bytes after the literal must all be in it.
   */
  follow?: Uint8Array;
  followMin?: number;
}

/** How many bytes after the literal a gate looks at, at most: enough to turn away nearly every miss. */
const FOLLOW_CHECK = 16;

const META = new Set('\\^$.|?*+()[]{}'.split(''));

/** Positions of the `|` that belong to the group opening at `open` (-1: the whole pattern), and where it closes. */
function alternatives(p: string, open: number): { bars: number[]; close: number } {
  const bars: number[] = [];
  let depth = 0;
  let i = open < 0 ? 0 : open + 1;
  while (i < p.length) {
    const c = p[i]!;
    if (c === '\\') i += 2;
    else if (c === '[') i = classEnd(p, i);
    else {
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) return { bars, close: i };
        depth--;
      } else if (c === '|' && depth === 0) bars.push(i);
      i++;
    }
  }
  return { bars, close: p.length };
}

const classes = new Map<string, Uint8Array | undefined>();

/** Bytes (as latin1 characters) that the class body `body` matches (rules share a few classes: memoized). */
function classBytes(body: string, ignoreCase: boolean): Uint8Array | undefined {
  const key = `${ignoreCase ? 'i' : '-'}${body}`;
  if (!classes.has(key)) classes.set(key, computeClass(body, ignoreCase));
  return classes.get(key);
}

function computeClass(body: string, ignoreCase: boolean): Uint8Array | undefined {
  let re: RegExp;
  try {
    re = new RegExp(`[${body}]`, ignoreCase ? 'i' : '');
  } catch {
    return undefined;
  }
  const out = new Uint8Array(256);
  for (let b = 0; b < 256; b++) if (re.test(String.fromCharCode(b))) out[b] = 1;
  return out;
}

/**
 * The class repeated at `i` and its minimum count, when pattern[i] starts `[...]{n,...}`, `[...]+`, or
 * the same with \d, \w: what every match holds right there.
 */
function followAt(p: string, i: number, ignoreCase: boolean): { follow: Uint8Array; min: number } | undefined {
  let body: string;
  let j: number;
  if (p[i] === '[') {
    j = classEnd(p, i);
    body = p.slice(i + 1, j - 1);
  } else if (p[i] === '\\' && /[dw]/.test(p[i + 1] ?? '')) {
    body = p.slice(i, i + 2);
    j = i + 2;
  } else return undefined;
  const q = /^(?:\{(\d+)(?:,\d*)?\}|(\+))/.exec(p.slice(j));
  if (!q) return undefined;
  const min = q[2] ? 1 : Number(q[1]);
  if (!(min > 0)) return undefined;
  const follow = classBytes(body, ignoreCase);
  return follow ? { follow, min: Math.min(min, FOLLOW_CHECK) } : undefined;
}

/** Reads literal characters from `i`; stops at anything else. */
function readLiteral(p: string, i: number): { lit: string; next: number } {
  let lit = '';
  while (i < p.length) {
    const c = p[i]!;
    if (c === '\\') {
      const d = p[i + 1];
      if (d === undefined || /[A-Za-z0-9]/.test(d)) break;
      lit += d;
      i += 2;
      continue;
    }
    if (META.has(c)) break;
    lit += c;
    i++;
  }
  // A quantifier after the last character makes it optional or repeated: it is not part of every match.
  if (/[?*+{]/.test(p[i] ?? '') && lit.length) return { lit: lit.slice(0, -1), next: -1 };
  return { lit, next: i };
}

/** The literals one of which every match of `pattern` starts with, and the bytes that may not precede a match. */
export function leadingLiterals(pattern: string, ignoreCase: boolean): Leading | undefined {
  if (alternatives(pattern, -1).bars.length) return undefined;
  let i = 0;
  let deny: Uint8Array | undefined;
  let wordBoundary = false;
  const behind = /^\(\?<!\[((?:\\.|[^\]\\])+)\]\)/.exec(pattern) ?? /^\(\?:\^\|\[\^((?:\\.|[^\]\\])+)\]\)/.exec(pattern);
  if (behind) {
    deny = classBytes(behind[1]!, ignoreCase);
    if (!deny) return undefined;
    i = behind[0].length;
  } else if (pattern.startsWith('\\b')) {
    wordBoundary = true;
    i = 2;
  }
  for (;;) {
    const open = /^\((?:\?:|\?<[A-Za-z_][A-Za-z0-9_]*>)?/.exec(pattern.slice(i));
    if (!open || pattern[i + 1] === '?' && !/^\(\?(?::|<[A-Za-z_])/.test(pattern.slice(i))) break;
    const { bars, close } = alternatives(pattern, i);
    // A group that may match nothing ((abc)?def) says nothing about how a match starts.
    if (/^(?:[?*]|\{0[,}])/.test(pattern.slice(close + 1))) return undefined;
    if (bars.length === 0) {
      i += open[0].length;
      continue;
    }
    // A group of plain literals: (?:AKIA|ASIA|...). Every match starts with one of them.
    const starts = [i + open[0].length, ...bars.map((b) => b + 1)];
    const ends = [...bars, close];
    const lits: string[] = [];
    for (let a = 0; a < starts.length; a++) {
      const r = readLiteral(pattern, starts[a]!);
      if (r.next !== ends[a] || r.lit.length === 0) return undefined;
      lits.push(r.lit);
    }
    if (/^[?*{]/.test(pattern[close + 1] ?? '')) return undefined;
    return finish(lits, deny, wordBoundary);
  }
  const { lit, next } = readLiteral(pattern, i);
  if (!lit) return undefined;
  const after = next >= 0 ? followAt(pattern, next, ignoreCase) : undefined;
  return { ...finish([lit], deny, wordBoundary), ...(after ? { follow: after.follow, followMin: after.min } : {}) };
}

interface Leading {
  lits: string[];
  deny?: Uint8Array;
  /** With a single literal: the class repeated right after it, and how many of it a match has there. */
  follow?: Uint8Array;
  followMin?: number;
}

function finish(lits: string[], deny: Uint8Array | undefined, wordBoundary: boolean): Leading {
  if (wordBoundary) {
    // \b before a word character: the byte before is not one. (Before a non-word character it means the
    // opposite, which a deny list cannot say: no boundary check then.)
    if (lits.every((l) => /^\w/.test(l))) deny = classBytes('\\w', false);
  }
  return deny ? { lits, deny } : { lits };
}

/**
 * The gate for one keyword of one rule, or undefined when every hit of that keyword must be tried.
 * `keywords` are the rule's keywords, lower-case (as the prefilter holds them). A gate needs every
 * literal a match may start with to start with one of the rule's keywords: then every match has a hit
 * right where it starts.
 */
export function gateFor(pattern: string | undefined, ignoreCase: boolean, keyword: string, keywords: readonly string[]): Gate | undefined {
  if (!pattern) return undefined;
  const lead = leadingLiterals(pattern, ignoreCase);
  if (!lead) return undefined;
  const lower = lead.lits.map((l) => l.toLowerCase());
  if (!lower.every((l) => keywords.some((k) => l.startsWith(k)))) return undefined;
  const fitting = lead.lits.filter((_l, i) => lower[i]!.startsWith(keyword));
  if (fitting.length === 0) return undefined;
  // Several literals start with the keyword: the gate checks what they have in common.
  let common = fitting[0]!;
  for (const l of fitting) {
    let n = 0;
    while (n < common.length && n < l.length && (ignoreCase ? common[n]!.toLowerCase() === l[n]!.toLowerCase() : common[n] === l[n])) n++;
    common = common.slice(0, n);
  }
  if (common.length < keyword.length) return undefined;
  const lit = Buffer.from(ignoreCase ? common.toLowerCase() : common, 'latin1');
  // The class after the literal holds only when the gate checks the whole literal.
  const follow = lead.follow && lead.lits.length === 1 && common === lead.lits[0] ? { follow: lead.follow, followMin: lead.followMin! } : {};
  return { lit: new Uint8Array(lit), fold: ignoreCase, ...(lead.deny ? { deny: lead.deny } : {}), ...follow };
}

/**
 * Whether a keyword hit starting at `at` can be where a match starts: the literal is there, the byte
 * before is not one the pattern refuses, and the bytes after are of the class it repeats. A byte the
 * deny list refuses is let through when it ends an escape (`\nEAA…` in a JSON string, `%3DEAA…` in a URL): decoded, the
 * byte before may be one a match can follow.
 */
export function passes(g: Gate, bytes: Uint8Array, at: number): boolean {
  const lit = g.lit;
  if (at + lit.length > bytes.length) return false;
  if (g.fold) {
    for (let i = 0; i < lit.length; i++) {
      const b = bytes[at + i]!;
      if ((b >= 65 && b <= 90 ? b + 32 : b) !== lit[i]) return false;
    }
  } else {
    for (let i = 0; i < lit.length; i++) if (bytes[at + i] !== lit[i]) return false;
  }
  if (g.deny && at > 0 && g.deny[bytes[at - 1]!] === 1 && !(at > 1 && bytes[at - 2] === 92) && !(at > 2 && bytes[at - 3] === 37)) return false;
  if (g.follow) {
    const from = at + lit.length;
    const to = from + g.followMin!;
    if (to > bytes.length) return false;
    for (let i = from; i < to; i++) {
      const b = bytes[i]!;
      // A backslash or percent sign may start an escape that decodes to a byte of the class.
      if (g.follow[b] !== 1 && b !== 92 && b !== 37) return false;
    }
  }
  return true;
}
