// The keyword prefilter: an Aho-Corasick automaton over bytes, ASCII case-insensitive, compiled to a dense DFA.
//
// Rules run only where one of their keywords occurs, so this loop is the one that touches every byte.
// States are renumbered so that every state with an output has an id >= `firstOutput`, which keeps the
// hot loop to one table load and one comparison per byte. Bytes that every state treats alike share a
// class, which shrinks the table to a few dozen columns so its hot rows stay in the L1 cache.
// (Measured and dropped: a two-byte skip table for the root state; keyword first letters are too
// common in source text for it to pay.)

export interface Prefilter {
  keywords: readonly string[];
  /** classOf[byte] = the byte's class; bytes that every state treats alike share one. */
  classOf: Uint8Array;
  /** Number of byte classes, rounded up to a power of two (the row width of `delta`). */
  width: number;
  shift: number;
  /** delta[(state << shift) | classOf[byte]] = next state. */
  delta: Uint16Array | Int32Array;
  firstOutput: number;
  /** For output states (indexed by state - firstOutput): the keywords ending there. */
  outputs: Int32Array[];
  /** Length in bytes of the longest keyword. */
  maxKeyword: number;
  /** Length in bytes of each keyword. */
  lengths: Int32Array;
}

/** Calls `hit(keywordIndex, endOffset)` for every keyword occurrence (end offset exclusive). */
export type HitSink = (keyword: number, end: number) => void;

const lower = (b: number): number => (b >= 65 && b <= 90 ? b + 32 : b);

export function buildPrefilter(keywords: readonly string[]): Prefilter {
  for (const k of keywords) if (k.length < 2) throw new Error(`prefilter keyword "${k}" is shorter than two bytes`);
  // Trie over lower-cased bytes.
  const goto: Map<number, number>[] = [new Map()];
  const out: number[][] = [[]];
  keywords.forEach((kw, k) => {
    let s = 0;
    for (const b of Buffer.from(kw.toLowerCase(), 'latin1')) {
      const c = lower(b);
      let next = goto[s]!.get(c);
      if (next === undefined) {
        next = goto.length;
        goto.push(new Map());
        out.push([]);
        goto[s]!.set(c, next);
      }
      s = next;
    }
    out[s]!.push(k);
  });
  const n = goto.length;
  // Failure links in BFS order, then the full DFA.
  const fail = new Int32Array(n);
  const order: number[] = [0];
  const dfa = new Int32Array(n * 256);
  for (let c = 0; c < 256; c++) {
    const t = goto[0]!.get(c);
    dfa[c] = t ?? 0;
    if (t !== undefined) order.push(t);
  }
  for (let qi = 1; qi < order.length; qi++) {
    const s = order[qi]!;
    out[s]!.push(...out[fail[s]!]!);
    for (let c = 0; c < 256; c++) {
      const t = goto[s]!.get(c);
      if (t !== undefined) {
        fail[t] = dfa[fail[s]! * 256 + c]!;
        dfa[s * 256 + c] = t;
        order.push(t);
      } else {
        dfa[s * 256 + c] = dfa[fail[s]! * 256 + c]!;
      }
    }
  }
  // Renumber: states without output first (root stays 0), then states with output.
  const quiet = order.filter((s) => out[s]!.length === 0);
  const loud = order.filter((s) => out[s]!.length > 0);
  const id = new Int32Array(n);
  [...quiet, ...loud].forEach((s, i) => (id[s] = i));
  // Byte classes: two bytes are alike when every state sends them to the same place. Columns of the
  // DFA are compared by a hash first, then element by element.
  const classOf = new Uint8Array(256);
  const representative: number[] = [];
  const byHash = new Map<number, number[]>();
  for (let c = 0; c < 256; c++) {
    const lc = lower(c);
    let h = 0x811c9dc5;
    for (let st = 0; st < n; st++) h = Math.imul(h ^ dfa[st * 256 + lc]!, 0x01000193);
    const same = (byHash.get(h) ?? []).find((k) => {
      const rc = representative[k]!;
      for (let st = 0; st < n; st++) if (dfa[st * 256 + rc] !== dfa[st * 256 + lc]) return false;
      return true;
    });
    if (same !== undefined) {
      classOf[c] = same;
      continue;
    }
    const k = representative.length;
    representative.push(lc);
    byHash.set(h, [...(byHash.get(h) ?? []), k]);
    classOf[c] = k;
  }
  let shift = 0;
  while (1 << shift < representative.length) shift++;
  const width = 1 << shift;
  const delta = n * width <= 1 << 24 && n < 65536 ? new Uint16Array(n * width) : new Int32Array(n * width);
  for (let st = 0; st < n; st++) {
    for (let k = 0; k < representative.length; k++) delta[(id[st]! << shift) | k] = id[dfa[st * 256 + representative[k]!]!]!;
  }
  const outputs = loud.map((s) => Int32Array.from(new Set(out[s]!)));
  const maxKeyword = Math.max(0, ...keywords.map((k) => Buffer.byteLength(k, 'latin1')));
  const lengths = Int32Array.from(keywords, (k) => Buffer.byteLength(k, 'latin1'));
  return { keywords, classOf, width, shift, delta, firstOutput: quiet.length, outputs, maxKeyword, lengths };
}

/** Buffers shorter than this run as one stream. */
const TWO_STREAMS_MIN = 4096;

/**
 * Runs the automaton over `bytes`, reporting every keyword occurrence in order of its end.
 *
 * One automaton step waits for the one before (the next state's address depends on the last state),
 * so a single stream is bound by load latency, not by the processor's width. Long buffers are split in
 * two halves run side by side in one loop: the two chains of dependent loads overlap, which makes the
 * loop markedly faster. The second half starts (longest keyword - 1) bytes early, from the root: an
 * Aho-Corasick state depends only on that many trailing bytes, so it is right by the midpoint, and it
 * reports only hits that end past the midpoint (its hits are held back and replayed after the first
 * half's, to keep the order).
 */
export function runPrefilter(pf: Prefilter, bytes: Uint8Array, hit: HitSink): void {
  const n = bytes.length;
  if (n < TWO_STREAMS_MIN) {
    runStream(pf, bytes, hit, 0, n);
    return;
  }
  const { delta, classOf: cls, shift, firstOutput: first, outputs } = pf;
  const lead = pf.maxKeyword - 1;
  const mid = (n + lead) >>> 1; // the first half is [0, mid), the second [mid - lead, n)
  let a = 0;
  let b = mid - lead;
  let sa = 0;
  let sb = 0;
  const held: number[] = [];
  for (; a < mid; a++, b++) {
    sa = delta[(sa << shift) | cls[bytes[a]!]!]!;
    sb = delta[(sb << shift) | cls[bytes[b]!]!]!;
    if (sa >= first) {
      const ks = outputs[sa - first]!;
      for (let j = 0; j < ks.length; j++) hit(ks[j]!, a + 1);
    }
    if (sb >= first && b >= mid) {
      const ks = outputs[sb - first]!;
      for (let j = 0; j < ks.length; j++) held.push(ks[j]!, b + 1);
    }
  }
  for (let j = 0; j < held.length; j += 2) hit(held[j]!, held[j + 1]!);
  // What the second half has left (at most a byte, from the rounding of `mid`).
  if (b < n) runStream(pf, bytes, hit, b, n, sb);
}

function runStream(pf: Prefilter, bytes: Uint8Array, hit: HitSink, from: number, to: number, state = 0): void {
  const { delta, classOf: cls, shift, firstOutput: first, outputs } = pf;
  let s = state;
  for (let i = from; i < to; i++) {
    s = delta[(s << shift) | cls[bytes[i]!]!]!;
    if (s >= first) {
      const ks = outputs[s - first]!;
      for (let j = 0; j < ks.length; j++) hit(ks[j]!, i + 1);
    }
  }
}
