// The breach window: which secrets an attacker with access between FROM and TO could have taken.
//
// Git history keeps what a commit once wrote, so a secret introduced at any time up to TO was on the
// server during the window, even if it was deleted later; one introduced after TO was not. A location
// with no date (a file on disk) counts as exposed: it was there when scanned, and nothing says since when.
import { KeyholeError } from '../core/errors.js';
import type { Finding } from '../core/types.js';
import { firstExposed, parseDate } from './plan.js';

export interface BreachWindow {
  range: string;
  from?: number;
  to: number;
}

/** `FROM..TO` or `..TO` (dates or date-times); a date-only TO includes that whole day (UTC). */
export function parseWindow(text: string): BreachWindow {
  const m = /^\s*([^.]*?)\s*\.\.\s*(\S.*?)\s*$/.exec(text);
  if (!m) throw new KeyholeError('USAGE', `--exposed-between: "${text}" is not FROM..TO (for example 2025-01-01..2025-03-31, or ..2025-03-31)`);
  const at = (s: string, end: boolean): number => {
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(s);
    const t = parseDate(dateOnly ? `${s}T${end ? '23:59:59.999' : '00:00:00.000'}Z` : s);
    if (Number.isNaN(t)) throw new KeyholeError('USAGE', `--exposed-between: "${s}" is not a date`);
    return t;
  };
  const to = at(m[2]!, true);
  const from = m[1] ? at(m[1], false) : undefined;
  if (from !== undefined && from > to) throw new KeyholeError('USAGE', `--exposed-between: "${text}" ends before it starts`);
  return { range: text.trim(), to, ...(from !== undefined ? { from } : {}) };
}

/** Marks every finding exposed or not in the window; exposed ones first, the order otherwise kept. */
export function applyWindow(findings: readonly Finding[], w: BreachWindow): Finding[] {
  const marked = findings.map((f): Finding => {
    const first = firstExposed(f);
    const window = !first
      ? { range: w.range, exposed: true, reason: 'no dated location: present when scanned' }
      : first.time <= w.to
        ? { range: w.range, exposed: true, reason: `introduced ${new Date(first.time).toISOString()}, on or before the window's end` }
        : { range: w.range, exposed: false, reason: `introduced ${new Date(first.time).toISOString()}, after the window` };
    return { ...f, window };
  });
  return [...marked.filter((f) => f.window!.exposed), ...marked.filter((f) => !f.window!.exposed)];
}
