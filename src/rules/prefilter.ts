// The keyword prefilter: an Aho-Corasick automaton over bytes, ASCII case-insensitive, compiled to a dense DFA.
//
// Rules run only where one of their keywords occurs, so this loop is the one that touches every byte.
// States are renumbered so that every state with an output has an id >= `firstOutput`, which keeps the
// hot loop to one table load and one comparison per byte.

export interface Prefilter {
  keywords: readonly string[];
  /** delta[(state << 8) | byte] = next state. */
  delta: Int32Array;
  firstOutput: number;
  /** For output states (indexed by state - firstOutput): the keywords ending there. */
  outputs: Int32Array[];
}

/** Calls `hit(keywordIndex, endOffset)` for every keyword occurrence (end offset exclusive). */
export type HitSink = (keyword: number, end: number) => void;

const lower = (b: number): number => (b >= 65 && b <= 90 ? b + 32 : b);

export function buildPrefilter(keywords: readonly string[]): Prefilter {
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
  const delta = new Int32Array(n * 256);
  for (let s = 0; s < n; s++) {
    for (let c = 0; c < 256; c++) delta[id[s]! * 256 + c] = id[dfa[s * 256 + lower(c)]!]!;
  }
  const outputs = loud.map((s) => Int32Array.from(new Set(out[s]!)));
  return { keywords, delta, firstOutput: quiet.length, outputs };
}

/** Runs the automaton over `bytes[from, to)`, reporting every keyword occurrence. */
export function runPrefilter(pf: Prefilter, bytes: Uint8Array, hit: HitSink, from = 0, to = bytes.length): void {
  const delta = pf.delta;
  const first = pf.firstOutput;
  let s = 0;
  for (let i = from; i < to; i++) {
    s = delta[(s << 8) | bytes[i]!]!;
    if (s >= first) {
      const ks = pf.outputs[s - first]!;
      for (let j = 0; j < ks.length; j++) hit(ks[j]!, i + 1);
    }
  }
}
