// Translates Go RE2 regular expressions (as gitleaks configurations write them) into JavaScript ones.
//
// A small scanner walks the pattern once, tracking groups and their flags:
//  - a leading `(?i)` becomes the `i` flag; case-insensitive parts elsewhere (`(?i)` inside a group,
//    `(?i:…)`, or a case-sensitive `(?-i:…)` inside an otherwise case-insensitive pattern) are
//    spelled out letter by letter (`[kK][eE][yY]`), since Node 20 has no inline modifiers;
//  - `(?s)` makes `.` match newlines (`[\s\S]`), `(?m)` makes `^`/`$` line anchors (lookarounds);
//  - `\z` → `$`, `\A` → `^`, `\Q…\E` → escaped literal text, `(?P<name>` → `(?<name>`,
//    POSIX classes `[[:alnum:]]` → explicit ranges, `\x{HH}` → `\xHH`, `\a` → `\x07`, octal → `\xHH`;
//  - what has no JavaScript equivalent (or is not RE2 either) is rejected with a reason.

export class GoRegexError extends Error {}

export interface Translated {
  /** JavaScript source, for `new RegExp(source, 'gd' + (ignoreCase ? 'i' : ''))`. */
  source: string;
  ignoreCase: boolean;
  /** Whether the pattern can match a line break (an explicit `\n`/`\r`, `[\s\S]`, or `(?s)` dot). */
  crossesLines: boolean;
}

interface Flags {
  i: boolean;
  s: boolean;
  m: boolean;
}

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const other = (c: number): number => (c >= 97 ? c - 32 : c + 32);
const hex2 = (c: number): string => `\\x${c.toString(16).padStart(2, '0').toUpperCase()}`;

/** One character as a literal outside a class. */
function literal(c: number, fold: boolean): string {
  if (fold && isLetter(c)) return `[${String.fromCharCode(c)}${String.fromCharCode(other(c))}]`;
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9 _]/.test(ch)) return ch;
  if ('\\^$.|?*+()[]{}/-'.includes(ch)) return `\\${ch}`;
  if (c < 32 || c > 126) return c <= 0xff ? hex2(c) : `\\u${c.toString(16).padStart(4, '0')}`;
  return ch;
}

/** One character inside a class. */
function classChar(c: number): string {
  const ch = String.fromCharCode(c);
  if ('\\]^-['.includes(ch)) return `\\${ch}`;
  if (c < 32 || c > 126) return c <= 0xff ? hex2(c) : `\\u${c.toString(16).padStart(4, '0')}`;
  return ch;
}

type ClassItem = { kind: 'range'; lo: number; hi: number } | { kind: 'raw'; text: string };

/** Adds the other case of every letter in the ranges. */
function foldItems(items: ClassItem[]): ClassItem[] {
  const out = [...items];
  for (const it of items) {
    if (it.kind !== 'range') continue;
    for (const [a, z] of [[97, 122], [65, 90]] as const) {
      const lo = Math.max(it.lo, a);
      const hi = Math.min(it.hi, z);
      if (lo <= hi) out.push({ kind: 'range', lo: other(lo), hi: other(hi) });
    }
  }
  return out;
}

function renderItems(items: ClassItem[]): string {
  return items.map((it) => (it.kind === 'raw' ? it.text : it.lo === it.hi ? classChar(it.lo) : `${classChar(it.lo)}-${classChar(it.hi)}`)).join('');
}

/** Translates a Go regex. `allowFlag`: the result may carry the `i` flag (false for allowlist regexes, which compile without flags). */
export function translateGoRegex(src: string, allowFlag = true): Translated {
  let body = src;
  let leading: Partial<Flags> = {};
  const lead = /^\(\?([a-zA-Z]+)\)/.exec(src);
  if (lead) {
    leading = parseFlagLetters(lead[1]!, {});
    body = src.slice(lead[0].length);
  }
  // The `i` flag serves when the whole pattern is case-insensitive and nothing inside turns that off.
  const useFlag = allowFlag && !!leading.i && !/\(\?[a-zA-Z]*-[a-zA-Z]*i/.test(body);
  const base: Flags = { i: !!leading.i, s: !!leading.s, m: !!leading.m };
  const out = run(body, base, useFlag);
  return { source: out.source, ignoreCase: useFlag, crossesLines: out.crossesLines };
}

function parseFlagLetters(letters: string, into: Partial<Flags>): Partial<Flags> {
  const f = { ...into };
  let on = true;
  for (const ch of letters) {
    if (ch === '-') {
      on = false;
      continue;
    }
    if (ch === 'i' || ch === 's' || ch === 'm') f[ch] = on;
    else if (ch === 'U') throw new GoRegexError('the (?U) ungreedy flag has no JavaScript equivalent');
    else throw new GoRegexError(`unknown flag "${ch}" in (?${letters})`);
  }
  return f;
}

function run(p: string, base: Flags, useFlag: boolean): { source: string; crossesLines: boolean } {
  let out = '';
  let i = 0;
  let crossesLines = false;
  const stack: Flags[] = [];
  let cur: Flags = { ...base };
  /** Whether letters need spelling out in both cases here. */
  const fold = (): boolean => cur.i && !useFlag;
  const code = (k: number): number => p.charCodeAt(k);

  /** Reads an escape at p[i] === '\\'; returns a class item (inside a class) or source text. */
  const escape = (inClass: boolean): ClassItem => {
    const c = p[i + 1];
    if (c === undefined) throw new GoRegexError('trailing backslash');
    i += 2;
    switch (c) {
      case 'd': case 'D': case 'w': case 'W': case 's': case 'S':
        return { kind: 'raw', text: `\\${c}` };
      case 'b': case 'B':
        if (inClass) throw new GoRegexError(`\\${c} inside a character class`);
        return { kind: 'raw', text: `\\${c}` };
      case 'z':
        if (inClass) throw new GoRegexError('\\z inside a character class');
        return { kind: 'raw', text: '$' };
      case 'A':
        if (inClass) throw new GoRegexError('\\A inside a character class');
        return { kind: 'raw', text: '^' };
      case 'n': return { kind: 'range', lo: 10, hi: 10 };
      case 'r': return { kind: 'range', lo: 13, hi: 13 };
      case 't': return { kind: 'range', lo: 9, hi: 9 };
      case 'f': return { kind: 'range', lo: 12, hi: 12 };
      case 'v': return { kind: 'range', lo: 11, hi: 11 };
      case 'a': return { kind: 'range', lo: 7, hi: 7 };
      case 'x': {
        let hex: string;
        if (p[i] === '{') {
          const close = p.indexOf('}', i);
          if (close < 0) throw new GoRegexError('unterminated \\x{…}');
          hex = p.slice(i + 1, close);
          i = close + 1;
        } else {
          hex = p.slice(i, i + 2);
          i += 2;
        }
        if (!/^[0-9a-fA-F]{1,6}$/.test(hex)) throw new GoRegexError(`bad hex escape \\x${hex}`);
        const n = parseInt(hex, 16);
        if (n > 0xff) throw new GoRegexError(`\\x{${hex}} is beyond Latin-1: keyhole matches bytes, not Unicode code points`);
        return { kind: 'range', lo: n, hi: n };
      }
      case 'p': case 'P':
        throw new GoRegexError(`Unicode class \\${c}… is not supported: keyhole matches bytes without the u flag`);
      case 'C':
        throw new GoRegexError('\\C (any byte) is not supported');
      case 'Q':
        throw new GoRegexError('\\Q…\\E inside a character class');
      default: {
        if (/[0-7]/.test(c)) {
          if (c !== '0' && !/[0-7]/.test(p[i] ?? '')) throw new GoRegexError(`\\${c}: backreferences are not RE2 syntax`);
          let digits = c;
          while (digits.length < 3 && /[0-7]/.test(p[i] ?? '')) digits += p[i++];
          const n = parseInt(digits, 8);
          return { kind: 'range', lo: n, hi: n };
        }
        if (/[A-Za-z0-9]/.test(c)) throw new GoRegexError(`unknown escape \\${c}`);
        return { kind: 'range', lo: c.charCodeAt(0), hi: c.charCodeAt(0) };
      }
    }
  };

  const charClass = (): void => {
    i++; // '['
    let negate = false;
    if (p[i] === '^') {
      negate = true;
      i++;
    }
    let items: ClassItem[] = [];
    let first = true;
    let posixNegatedOnly: string | undefined;
    for (;;) {
      if (i >= p.length) throw new GoRegexError('unterminated character class');
      if (p[i] === ']' && !first) {
        i++;
        break;
      }
      const wasFirst = first;
      first = false;
      if (p.startsWith('[:', i)) {
        const close = p.indexOf(':]', i + 2);
        const name = close < 0 ? undefined : p.slice(i + 2, close);
        if (name !== undefined && /^\^?[a-z]+$/.test(name)) {
          const neg = name.startsWith('^');
          const set = POSIX[neg ? name.slice(1) : name];
          if (!set) throw new GoRegexError(`unknown POSIX class [:${name}:]`);
          i = close + 2;
          if (neg) {
            // [[:^alpha:]] alone is [^A-Za-z]; mixed with other items a JavaScript class cannot say it.
            if (!wasFirst || negate || p[i] !== ']') throw new GoRegexError(`negated POSIX class [:${name}:] mixed with other class members`);
            posixNegatedOnly = set;
            continue;
          }
          items.push({ kind: 'raw', text: set });
          continue;
        }
      }
      let item: ClassItem;
      if (p[i] === '\\') item = escape(true);
      else {
        item = { kind: 'range', lo: code(i), hi: code(i) };
        i++;
      }
      // A range a-z (a '-' that is neither first nor last).
      if (item.kind === 'range' && p[i] === '-' && p[i + 1] !== ']' && i + 1 < p.length) {
        i++;
        let hi: ClassItem;
        if (p[i] === '\\') hi = escape(true);
        else {
          hi = { kind: 'range', lo: code(i), hi: code(i) };
          i++;
        }
        if (hi.kind !== 'range') throw new GoRegexError('a class escape cannot end a range');
        if (hi.lo < item.lo) throw new GoRegexError(`bad character class range ${String.fromCharCode(item.lo)}-${String.fromCharCode(hi.lo)}`);
        item = { kind: 'range', lo: item.lo, hi: hi.lo };
      }
      items.push(item);
    }
    if (posixNegatedOnly !== undefined) {
      out += `[^${posixNegatedOnly}]`;
      return;
    }
    const raw = new Set(items.flatMap((it) => (it.kind === 'raw' ? [it.text] : [])));
    const breaks = items.some((it) => it.kind === 'range' && it.lo <= 13 && it.hi >= 10) || raw.has('\\W') || raw.has('\\D') || (raw.has('\\s') && raw.has('\\S'));
    if (breaks && !negate) crossesLines = true;
    if (fold()) items = foldItems(items);
    if (items.length === 0) throw new GoRegexError('empty character class');
    const body = renderItems(items);
    out += `[${negate ? '^' : ''}${body}]`;
  };

  let lastAtomEnd = -1; // the out position after the last quantifiable atom, to reject possessive quantifiers
  while (i < p.length) {
    const c = p[i]!;
    if (c === '\\') {
      if (p[i + 1] === 'Q') {
        const end = p.indexOf('\\E', i + 2);
        const text = end < 0 ? p.slice(i + 2) : p.slice(i + 2, end);
        i = end < 0 ? p.length : end + 2;
        for (const ch of text) out += literal(ch.charCodeAt(0), fold());
        if (text.length) lastAtomEnd = out.length;
        continue;
      }
      const item = escape(false);
      if (item.kind === 'range' && (item.lo === 10 || item.lo === 13)) crossesLines = true;
      out += item.kind === 'raw' ? item.text : literal(item.lo, fold());
      lastAtomEnd = out.length;
      continue;
    }
    if (c === '[') {
      charClass();
      lastAtomEnd = out.length;
      continue;
    }
    if (c === '(') {
      if (p[i + 1] !== '?') {
        stack.push(cur);
        cur = { ...cur };
        out += '(';
        i++;
        continue;
      }
      const rest = p.slice(i + 2);
      const named = /^P?<([A-Za-z0-9_]+)>/.exec(rest);
      if (named) {
        if (/^[0-9]/.test(named[1]!)) throw new GoRegexError(`group name "${named[1]}" starts with a digit (not a JavaScript identifier)`);
        stack.push(cur);
        cur = { ...cur };
        out += `(?<${named[1]}>`;
        i += 2 + named[0].length;
        continue;
      }
      if (rest.startsWith(':')) {
        stack.push(cur);
        cur = { ...cur };
        out += '(?:';
        i += 3;
        continue;
      }
      const flags = /^([a-zA-Z-]*)([:)])/.exec(rest);
      if (flags && flags[1]) {
        const f = parseFlagLetters(flags[1], {});
        i += 2 + flags[0].length;
        if (flags[2] === ')') {
          cur = { ...cur, ...f };
        } else {
          stack.push(cur);
          cur = { ...cur, ...f };
          out += '(?:';
        }
        continue;
      }
      if (/^(?:=|!|<=|<!)/.test(rest)) throw new GoRegexError('lookaround assertions are not RE2 syntax (gitleaks would reject this pattern too)');
      if (rest.startsWith('>')) throw new GoRegexError('atomic groups (?>…) are not supported (not RE2 syntax)');
      throw new GoRegexError(`unsupported group syntax (?${rest.slice(0, 3)}…`);
    }
    if (c === ')') {
      const prev = stack.pop();
      if (!prev) throw new GoRegexError('unbalanced )');
      cur = prev;
      out += ')';
      i++;
      lastAtomEnd = out.length;
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') {
      let q = c;
      if (c === '{') {
        const rep = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
        if (!rep) {
          out += '\\{';
          i++;
          lastAtomEnd = out.length;
          continue;
        }
        if (Number(rep[1]) > 1000 || Number(rep[3] || 0) > 1000) throw new GoRegexError('repetition count above 1000 (RE2 limit)');
        q = rep[0];
      }
      if (lastAtomEnd !== out.length) throw new GoRegexError(`quantifier ${q} without something to repeat`);
      i += q.length;
      out += q;
      if (p[i] === '?') {
        out += '?';
        i++;
      }
      if (p[i] === '+' || p[i] === '*' || (p[i] === '{' && /^\{\d/.test(p.slice(i)))) throw new GoRegexError('possessive or nested quantifiers (x*+, x{2}{3}) are not supported');
      lastAtomEnd = -1;
      continue;
    }
    if (c === '.') {
      if (cur.s) crossesLines = true;
      out += cur.s ? '[\\s\\S]' : '.';
      i++;
      lastAtomEnd = out.length;
      continue;
    }
    if (c === '^' || c === '$') {
      out += cur.m ? (c === '^' ? '(?<![^\\n])' : '(?![^\\n])') : c;
      i++;
      continue;
    }
    if (c === '|') {
      out += '|';
      i++;
      continue;
    }
    out += literal(code(i), fold());
    i++;
    lastAtomEnd = out.length;
  }
  if (stack.length) throw new GoRegexError('unbalanced (');
  return { source: out, crossesLines };
}
