// Describing where a secret was seen: one form for people, one flat record for machine formats.
import type { Inner, Location, Provenance } from '../core/types.js';
import type { JsonPlace } from './json-schema.js';

/** The state of a git location relative to the repository's current tree. */
export type GitState = 'still at HEAD' | 'history only' | 'unreachable';

const short = (sha: string): string => sha.slice(0, 7);

export function gitState(p: Provenance): GitState | undefined {
  if (p.kind !== 'git') return undefined;
  if (p.unreachable) return 'unreachable';
  if (p.atHead === true) return 'still at HEAD';
  if (p.atHead === false) return 'history only';
  return undefined;
}

/**
 * The place, for people: `path`, `-` (stdin), `repo:path@abc1234`, `outer.zip!inner/path`,
 * `PROJ-1 comment:2001`. No line or column.
 */
export function describePlace(p: Provenance, inner?: Inner): string {
  if (inner) return `${describePlace(p)}${inner.kind === 'archive' ? `!${inner.member}` : ` ${inner.issue} ${inner.field}`}`;
  switch (p.kind) {
    case 'file':
    case 'stdin':
      return p.path;
    case 'git': {
      const where = p.path !== '' ? p.path : `blob ${short(p.blob)}`;
      return `${p.repo}:${where}${p.commit ? `@${short(p.commit.id)}` : ''}`;
    }
    case 'archive':
      return `${p.path}!${p.member}`;
    case 'jira':
      return `${p.issue} ${p.field}`;
  }
}

/** The place with line and column, and for git the refs and HEAD state: `repo:a.env@abc1234:3:7 [main; history only]`. */
export function describeLocation(loc: Location): string {
  const p = loc.provenance;
  const base = p.kind === 'jira'
    ? `${describePlace(p, loc.inner)} ${loc.line}:${loc.column}`
    : `${describePlace(p, loc.inner)}:${loc.line}:${loc.column}`;
  if (p.kind !== 'git') return base;
  const notes = [p.refs && p.refs.length > 0 ? p.refs.join(', ') : '', gitState(p) ?? ''].filter((s) => s !== '');
  return notes.length > 0 ? `${base} [${notes.join('; ')}]` : base;
}

/**
 * One path string for machine formats: the file path, `-`, the path inside a git repo,
 * `outer.zip!inner/path` for an archive member, the export file for jira.
 */
export function machinePath(p: Provenance, inner?: Inner): string {
  if (inner?.kind === 'archive') return `${machinePath(p)}!${inner.member}`;
  switch (p.kind) {
    case 'archive':
      return `${p.path}!${p.member}`;
    default:
      return p.path;
  }
}

/** The provenance flattened into optional fields (the JSON report's place, documented there); absent facts are left out. */
export type ProvenanceRecord = JsonPlace;

export function provenanceRecord(p: Provenance, inner?: Inner): ProvenanceRecord {
  if (inner) {
    const base = provenanceRecord(p);
    return inner.kind === 'archive'
      ? { ...base, path: machinePath(p, inner), member: inner.member }
      : { ...base, issue: inner.issue, field: inner.field, ...(inner.author ? { author: inner.author } : {}), ...(inner.date ? { date: inner.date } : {}) };
  }
  switch (p.kind) {
    case 'file':
    case 'stdin':
      return { source: p.kind, path: p.path };
    case 'git':
      return {
        source: 'git',
        path: p.path,
        repo: p.repo,
        blob: p.blob,
        commit: p.commit?.id,
        author: p.commit?.author,
        email: p.commit?.email,
        date: p.commit?.date,
        summary: p.commit?.summary,
        refs: p.refs,
        atHead: p.atHead,
        unreachable: p.unreachable,
      };
    case 'archive':
      return { source: 'archive', path: p.path, member: p.member };
    case 'jira':
      return { source: 'jira', path: p.path, issue: p.issue, field: p.field, author: p.author, date: p.date };
  }
}

/** Drops undefined fields so JSON output has no `"x": undefined` holes and key order stays stable. */
export function compact<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}
