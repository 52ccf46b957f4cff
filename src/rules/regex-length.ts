// How far past the start of a match a regular expression can read, from its source: the longest match,
// or further where a lookahead, `\b` or `$` looks at the character after it. A bound on how much text
// after a keyword an `after_keyword` hint can see, so that no more than that is converted to a string
// for it (a longer text could not change whether a sticky match succeeds). Conservative: anything
// unbounded or not understood (`*`, `+`, `{n,}`, back-references) gives Infinity, and the caller falls
// back to its own limit.

/** Index just past the character class that opens at `i` (pattern[i] === '['); gate.ts reads patterns with it too. */
export function classEnd(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === '^') j++;
  if (p[j] === ']') j++;
  for (; j < p.length; j++) {
    if (p[j] === '\\') j++;
    else if (p[j] === ']') return j + 1;
  }
  return p.length;
}

/** Length of the escape at `i` (pattern[i] === '\\') and how many characters it matches (0, 1 or Infinity). */
function escapeAt(p: string, i: number): { next: number; width: number; reach?: number } {
  const c = p[i + 1];
  if (c === undefined) return { next: i + 1, width: Infinity };
  if (c === 'b' || c === 'B') return { next: i + 2, width: 0, reach: 1 }; // reads the character after
  if (c === 'x') return { next: i + 4, width: 1 };
  if (c === 'u') return p[i + 2] === '{' ? { next: p.indexOf('}', i) + 1 || p.length, width: 1 } : { next: i + 6, width: 1 };
  if (c === 'c') return { next: i + 3, width: 1 };
  if (c === 'p' || c === 'P') return { next: p[i + 2] === '{' ? p.indexOf('}', i) + 1 || p.length : i + 3, width: 1 };
  if (c === 'k' || (c >= '1' && c <= '9')) return { next: i + 2, width: Infinity }; // back-reference
  return { next: i + 2, width: 1 };
}

/** The quantifier at `i`, if any: its upper bound and where it ends (a lazy `?` included). */
function quantifierAt(p: string, i: number): { max: number; next: number } | undefined {
  const c = p[i];
  let max: number;
  let next: number;
  if (c === '?') [max, next] = [1, i + 1];
  else if (c === '*' || c === '+') [max, next] = [Infinity, i + 1];
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
    if (!m) return undefined; // a literal brace
    max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
    next = i + m[0].length;
  } else return undefined;
  if (p[next] === '?') next++;
  return { max, next };
}

interface Extent {
  /** The most characters a match consumes. */
  max: number;
  /** The most characters past its start it reads (>= max: lookaheads, `\b`, `$`). */
  reach: number;
}

/** Parses alternatives from `i` to the `)` closing the current group (or the end), and where it stopped. */
function sequence(p: string, i: number): Extent & { next: number } {
  let best: Extent = { max: 0, reach: 0 };
  let cur: Extent = { max: 0, reach: 0 };
  while (i < p.length && p[i] !== ')') {
    const c = p[i]!;
    if (c === '|') {
      best = { max: Math.max(best.max, cur.max), reach: Math.max(best.reach, cur.reach) };
      cur = { max: 0, reach: 0 };
      i++;
      continue;
    }
    let atom: Extent;
    if (c === '(') {
      let j = i + 1;
      let look: 'ahead' | 'behind' | undefined;
      if (p[j] === '?') {
        if (p.startsWith('?:', j)) j += 2;
        else if (p.startsWith('?=', j) || p.startsWith('?!', j)) [j, look] = [j + 2, 'ahead'];
        else if (p.startsWith('?<=', j) || p.startsWith('?<!', j)) [j, look] = [j + 3, 'behind'];
        else if (p[j + 1] === '<') j = p.indexOf('>', j) + 1 || p.length;
        else return { max: Infinity, reach: Infinity, next: p.length }; // a group kind not understood
      }
      const inner = sequence(p, j);
      atom = look === 'ahead' ? { max: 0, reach: inner.reach } : look === 'behind' ? { max: 0, reach: 0 } : inner;
      i = inner.next + 1;
    } else if (c === '[') {
      atom = { max: 1, reach: 1 };
      i = classEnd(p, i);
    } else if (c === '\\') {
      const e = escapeAt(p, i);
      atom = { max: e.width, reach: e.reach ?? e.width };
      i = e.next;
    } else {
      atom = c === '^' ? { max: 0, reach: 0 } : c === '$' ? { max: 0, reach: 1 } : { max: 1, reach: 1 };
      i++;
    }
    const q = quantifierAt(p, i);
    if (q) {
      // k repeats: k - 1 whole ones, then the last one reads as far as one does.
      atom = q.max === 0 ? { max: 0, reach: 0 } : { max: atom.max * q.max, reach: atom.max * (q.max - 1) + atom.reach };
      if (Number.isNaN(atom.max) || Number.isNaN(atom.reach)) atom = { max: 0, reach: 0 }; // 0 * Infinity: an empty atom repeated
      i = q.next;
    }
    cur = { max: cur.max + atom.max, reach: Math.max(cur.reach, cur.max + atom.reach) };
  }
  return { max: Math.max(best.max, cur.max), reach: Math.max(best.reach, cur.reach), next: i };
}

/** The most characters past a match's start that `pattern` reads (Infinity when unbounded or not understood). */
export function maxReach(pattern: string): number {
  const r = sequence(pattern, 0);
  return r.next < pattern.length ? Infinity : r.reach; // an unbalanced ')'
}
