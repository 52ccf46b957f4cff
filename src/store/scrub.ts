// Scrubbing secrets out of free text bound for the database: a location's own secret, and every other known one.
import type { Finding, ValidationResult } from '../core/types.js';
import { encodedForms, secretText } from '../report/redaction.js';

/**
 * What separates a secret from the text around it. A secret with none of these inside is found by
 * splitting text on them (one map lookup per run); one containing them is searched as a substring.
 */
const DELIMITERS = /[\s"'`=:,;()[\]{}<>&?|\\@.!]+/;
/** Runs shorter than this are never treated as secrets (they would match ordinary words). */
const MIN_SECRET = 6;

/** Replaces `f`'s secret and its encoded spellings (base64, hex, percent, escaped) in `text`. */
export function ownScrubber(f: Finding): (text: string) => string {
  const r = secretText(f, false);
  const forms = encodedForms(f.secret);
  const parts = f.secret.includes('\n') ? f.secret.split('\n').map((p) => p.trim()) : [f.secret];
  const raw = parts.filter((p) => p.length >= 4);
  return (text) => {
    let out = text;
    for (const form of forms) if (out.includes(form)) out = out.split(form).join(r);
    for (const p of raw) if (out.includes(p)) out = out.split(p).join(r);
    return out;
  };
}

/** The validation result with `scrub` applied to every string in it. */
export function scrubValidation(v: ValidationResult, scrub: (s: string) => string): ValidationResult {
  const out: ValidationResult = { status: v.status };
  if (v.validator !== undefined) out.validator = v.validator;
  if (v.reason !== undefined) out.reason = scrub(v.reason);
  if (v.details !== undefined) {
    out.details = {};
    for (const [k, val] of Object.entries(v.details)) out.details[k] = typeof val === 'string' ? scrub(val) : val;
  }
  return out;
}

/**
 * Every raw secret this process has been given, so that text saved with one finding (a context line
 * holding two secrets, a commit message quoting a token) never carries another finding's secret.
 */
export class SecretIndex {
  private readonly runs = new Map<string, string>();
  private readonly substrings = new Map<string, string>();
  /**
   * The substring secrets by their first two characters: a text is searched once, position by position,
   * for the few that start there (searching it for each secret in turn cost O(secrets × text): a tenth
   * of a second for 3,500 locations and a few hundred secrets, and growing with every finding).
   */
  private readonly byStart = new Map<number, string[]>();

  get size(): number {
    return this.runs.size + this.substrings.size;
  }

  /** Learns `f`'s secret (each line of a multi-line one); returns true if any part was new. */
  add(f: Finding): boolean {
    const r = secretText(f, false);
    const parts = f.secret.includes('\n') ? f.secret.split('\n').map((p) => p.trim()) : [f.secret.trim()];
    let added = false;
    for (const p of parts) {
      if (p.length < MIN_SECRET || p.startsWith('-----')) continue;
      const substring = DELIMITERS.test(p);
      const into = substring ? this.substrings : this.runs;
      if (!into.has(p)) {
        into.set(p, r);
        if (substring) {
          const key = startKey(p, 0);
          const list = this.byStart.get(key);
          if (list) list.push(p);
          else this.byStart.set(key, [p]);
        }
        added = true;
      }
    }
    return added;
  }

  /** `text` with every known secret replaced by its redacted form. */
  scrub(text: string): string {
    let out = this.substrings.size ? this.scrubSubstrings(text) : text;
    if (this.runs.size === 0) return out;
    for (const run of out.split(DELIMITERS)) {
      const r = run.length >= MIN_SECRET ? this.runs.get(run) : undefined;
      if (r !== undefined) out = redactRun(out, run, r);
    }
    return out;
  }

  /** Every substring secret in `text` replaced, left to right, the longest where several start at one place. */
  private scrubSubstrings(text: string): string {
    let out = '';
    let from = 0;
    for (let i = 0; i + MIN_SECRET <= text.length; ) {
      const list = this.byStart.get(startKey(text, i));
      let best: string | undefined;
      if (list) for (const s of list) if ((best === undefined || s.length > best.length) && text.startsWith(s, i)) best = s;
      if (best === undefined) {
        i++;
        continue;
      }
      out += text.slice(from, i) + this.substrings.get(best)!;
      i += best.length;
      from = i;
    }
    return from === 0 ? text : out + text.slice(from);
  }
}

/** The first two UTF-16 units at `i`, as one number. */
function startKey(text: string, i: number): number {
  return text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1);
}

/** Replaces `run` in `text` where it stands as a whole run (not inside a longer token). */
function redactRun(text: string, run: string, replacement: string): string {
  const parts = text.split(run);
  let out = parts[0] ?? '';
  for (let i = 1; i < parts.length; i++) {
    const before = out.slice(-1);
    const after = (parts[i] ?? '').slice(0, 1);
    const whole = (before === '' || DELIMITERS.test(before)) && (after === '' || DELIMITERS.test(after));
    out += (whole ? replacement : run) + (parts[i] ?? '');
  }
  return out;
}

/** The delimited runs of `text` long enough to be secrets: candidates for a keyed-hash lookup. */
export function candidateRuns(text: string): string[] {
  return text.split(DELIMITERS).filter((r) => r.length >= MIN_SECRET);
}
