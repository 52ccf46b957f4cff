// What the prefilter kernel may drop before a hit reaches JavaScript: hits no rule's gate could pass.
//
// The prefilter matches keywords without case and anywhere; a rule that starts with a case-sensitive
// literal has a gate (rules/gate.ts) that refuses a hit whose bytes are not that literal, or that is
// not followed by the class the pattern repeats (`EAA[A-Za-z0-9]{90,400}`). Where every rule a keyword
// serves has such a gate, the kernel checks before recording a hit what all of them require: the
// keyword's case (where their literals agree on it; 8 bytes at most), and that the bytes after it are
// base64 characters (where every rule repeats a subset of those right after a literal no longer than
// the keyword; 16 bytes at most). Source maps' `EAAE,` and `pat` in `path` then never reach
// JavaScript. The gates still run on what passes: results are the same with the checks or without.
import type { KeywordChecks } from '../native/kernels.js';
import type { RuleSet } from '../rules/compile.js';

const cache = new WeakMap<RuleSet, KeywordChecks>();

/** The kernel's check table for `rs` (32 bytes per output state of its prefilter; see kernels.ts). */
export function keywordChecks(rs: RuleSet): KeywordChecks {
  let t = cache.get(rs);
  if (!t) cache.set(rs, (t = build(rs)));
  return t;
}

/** What the kernel's check follows: [A-Za-z0-9+/_-], and `\\` and `%` (passes() lets escapes through). */
const FOLLOWS = new Uint8Array(256);
for (let b = 0; b < 256; b++) FOLLOWS[b] = /[A-Za-z0-9+/_\\%-]/.test(String.fromCharCode(b)) ? 1 : 0;

/**
 * What every gate of keyword `k` requires of a hit: its bytes from its start (exact case; empty: none)
 * and how many bytes after it must be of the FOLLOWS class (0: none). Nothing when a rule has no gate.
 */
function required(rs: RuleSet, k: number): { lit: Uint8Array; follow: number } {
  const none = { lit: new Uint8Array(0), follow: 0 };
  if (rs.signals[k] === 1) return none; // a signal is noted wherever it occurs
  const rules = rs.keywordRules[k]!;
  const gates = rs.keywordGates[k];
  if (rules.length === 0 || !gates) return none;
  const len = rs.prefilter.lengths[k]!;
  let common: Uint8Array | undefined;
  let cased = true;
  let follow = 16;
  for (let j = 0; j < rules.length; j++) {
    const g = gates[j];
    if (!g) return none; // a rule tried at every hit
    if (g.fold) cased = false;
    else if (!common) common = g.lit;
    else {
      let n = 0;
      while (n < common.length && n < g.lit.length && common[n] === g.lit[n]) n++;
      common = common.subarray(0, n);
    }
    // The class must start right at the keyword's end and hold nothing FOLLOWS lacks.
    const subset = g.follow !== undefined && g.lit.length === len && g.follow.every((v, b) => v === 0 || FOLLOWS[b] === 1);
    follow = subset ? Math.min(follow, g.followMin ?? 0) : 0;
  }
  const lit = cased && common ? common.subarray(0, Math.min(common.length, len, 8)) : none.lit;
  return { lit, follow: Math.min(follow, 16) };
}

function build(rs: RuleSet): KeywordChecks {
  const pf = rs.prefilter;
  const table = new Uint8Array(pf.outputs.length * 32);
  const view = new DataView(table.buffer);
  pf.outputs.forEach((ks, i) => {
    // An output state may end several keywords (`eaaa` ends `eaa` too): a check only where it ends one.
    if (ks.length !== 1) return;
    const k = ks[0]!;
    const { lit, follow } = required(rs, k);
    for (let b = 0; b < lit.length; b++) {
      table[i * 32 + b] = 0xff; // mask
      table[i * 32 + 8 + b] = lit[b]!; // value
    }
    view.setInt32(i * 32 + 16, pf.lengths[k]! - 1, true); // back: from the keyword's last byte to its first
    view.setInt32(i * 32 + 20, follow, true);
  });
  return table;
}
