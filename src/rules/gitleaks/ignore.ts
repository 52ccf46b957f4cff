// `.gitleaksignore`: fingerprints `file:rule-id:line` or `commit:file:rule-id:line`, one a line, that
// silence one finding at one place. Matching locations are dropped; a finding left with none goes.
import fs from 'node:fs';
import path from 'node:path';
import type { Finding, Location } from '../../core/types.js';

export interface IgnoreEntry {
  commit?: string;
  file: string;
  rule: string;
  line: number;
}

export const GITLEAKS_IGNORE = '.gitleaksignore';

/** Parses the file's text; blank lines and `#` comments are skipped, as are lines that are not fingerprints. */
export function parseGitleaksIgnore(text: string): IgnoreEntry[] {
  const out: IgnoreEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    // From the right: the line number, then the rule id; a file name may itself hold colons.
    const m = /^(?:([0-9a-f]{7,40}):)?(.+):([^:]+):(\d+)$/.exec(line);
    if (!m) continue;
    out.push({ ...(m[1] ? { commit: m[1] } : {}), file: m[2]!.replace(/\\/g, '/'), rule: m[3]!, line: Number(m[4]) });
  }
  return out;
}

/** Reads `.gitleaksignore` from a directory, when there is one. */
export function readGitleaksIgnore(dir: string): IgnoreEntry[] {
  const file = path.join(dir, GITLEAKS_IGNORE);
  try {
    return parseGitleaksIgnore(fs.readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
}

function locationPath(l: Location): string {
  return l.provenance.path.replace(/\\/g, '/');
}

function matches(e: IgnoreEntry, ruleId: string, l: Location): boolean {
  if (e.line !== l.line) return false;
  if (ruleId !== e.rule && ruleId !== `gitleaks-${e.rule}`) return false;
  const p = locationPath(l);
  const file = e.file.replace(/^\.\//, '');
  if (p !== file && !p.endsWith(`/${file}`)) return false;
  if (e.commit) {
    if (l.provenance.kind !== 'git' || !l.provenance.commit) return false;
    const id = l.provenance.commit.id;
    if (!(id.startsWith(e.commit) || e.commit.startsWith(id))) return false;
  }
  return true;
}

/** Drops the locations an ignore entry names (the file as a path suffix, the rule by gitleaks or keyhole id). */
export function gitleaksIgnore(findings: Finding[], entries: IgnoreEntry[]): Finding[] {
  if (entries.length === 0) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    const locations = f.locations.filter((l) => !entries.some((e) => matches(e, f.ruleId, l)));
    if (locations.length === f.locations.length) out.push(f);
    else if (locations.length) out.push({ ...f, locations });
  }
  return out;
}

/** The entries of `.gitleaksignore` in each scanned directory (or repository) root that has one. */
export function gitleaksIgnoreFor(paths: string[]): IgnoreEntry[] {
  return paths.flatMap((p) => {
    try {
      return p !== '-' && fs.statSync(p).isDirectory() ? readGitleaksIgnore(p) : [];
    } catch {
      return [];
    }
  });
}
