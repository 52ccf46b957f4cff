// Inline allow comments: a match on a line that says `keyhole:allow` (or `gitleaks:allow`) is not a finding.
// `keyhole:allow <rule-id>[,<rule-id>…]` allows only those rules; words after the marker that are not
// loaded rule ids are comment text (`# keyhole:allow test fixture` allows every rule).

const MARKERS = ['keyhole:allow', 'gitleaks:allow'] as const;
const NEWLINE = 10;
/** A multi-line match longer than this looks at its first and last lines only. */
const MAX_SPAN = 64 << 10;

/** Says whether the match of `ruleId` at bytes [start, end) is allowed by a comment on its lines. */
export type AllowCheck = (start: number, end: number, ruleId: string) => boolean;

/** The rule ids a marker at `at` names (empty: every rule), or undefined when it is not a marker. */
function namedRules(text: string, at: number, marker: string, known: (id: string) => boolean): string[] | undefined {
  const after = text.slice(at + marker.length, at + marker.length + 512);
  // `keyhole:allowed` is not the marker.
  if (/^[A-Za-z0-9_]/.test(after)) return undefined;
  // One word, or a comma-separated list: `keyhole:allow aws-access-key, github-pat-classic`.
  const m = /^[ \t]*[=:]?[ \t]*([a-z0-9-]+(?:[ \t]*,[ \t]*[a-z0-9-]+)*)/.exec(after);
  return m ? m[1]!.split(',').map((w) => w.trim()).filter(known) : [];
}

/** Whether `text` (one or more full lines) allows `ruleId`. */
export function lineAllows(text: string, ruleId: string, known: (id: string) => boolean): boolean {
  for (const marker of MARKERS) {
    let at = text.indexOf(marker);
    while (at >= 0) {
      const ids = namedRules(text, at, marker, known);
      if (ids && (ids.length === 0 || ids.includes(ruleId))) return true;
      at = text.indexOf(marker, at + marker.length);
    }
  }
  return false;
}

const never: AllowCheck = () => false;

/**
 * A checker for one blob. The blob is searched for a marker once, on the first question, unless the
 * caller already knows (`markers`: whether the rule pass met a marker, see rules/signals.ts); with none
 * every answer is no. The full line of a match is read, not the bounded context.
 */
export function inlineAllows(bytes: Uint8Array, known: (id: string) => boolean, markers?: boolean): AllowCheck {
  if (markers === false) return never;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let any: boolean | undefined = markers;
  const hasMarker = (a: number, b: number): boolean => {
    any ??= MARKERS.some((m) => buf.indexOf(m, 0, 'latin1') >= 0);
    if (!any) return false;
    const line = buf.subarray(a, b);
    return MARKERS.some((m) => line.indexOf(m, 0, 'latin1') >= 0);
  };
  const lineAt = (offset: number): [number, number] => {
    const o = Math.min(Math.max(offset, 0), buf.length);
    const s = o === 0 ? 0 : buf.lastIndexOf(NEWLINE, o - 1) + 1;
    let e = buf.indexOf(NEWLINE, o);
    if (e < 0) e = buf.length;
    return [s, e];
  };
  return (start, end, ruleId) => {
    const [s, e0] = lineAt(start);
    const last = Math.max(start, end - 1);
    const e = last > e0 ? lineAt(last)[1] : e0;
    // A multi-line match (a private key): all its lines, or its first and last when they are long.
    const spans: [number, number][] = e - s <= MAX_SPAN ? [[s, e]] : [[s, e0], lineAt(last)];
    return spans.some(([a, b]) => hasMarker(a, b) && lineAllows(buf.toString('latin1', a, b), ruleId, known));
  };
}

const idSets = new WeakMap<object, (id: string) => boolean>();
/** Whether an id names a rule of the rule set (cached per rule set). */
export function ruleIdsOf(rs: { rules: readonly { id: string }[] }): (id: string) => boolean {
  let f = idSets.get(rs);
  if (!f) {
    const ids = new Set(rs.rules.map((r) => r.id));
    idSets.set(rs, (f = (id) => ids.has(id)));
  }
  return f;
}

const checkers = new WeakMap<Uint8Array, { known: (id: string) => boolean; check: AllowCheck }>();
/** `inlineAllows`, remembered per blob (analyzers ask once per match). */
export function inlineAllowsCached(bytes: Uint8Array, known: (id: string) => boolean): AllowCheck {
  const c = checkers.get(bytes);
  if (c && c.known === known) return c.check;
  const check = inlineAllows(bytes, known);
  checkers.set(bytes, { known, check });
  return check;
}
