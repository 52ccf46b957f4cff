// Locations as table rows: provenance flattened for storage (secrets scrubbed from its text) and rebuilt.
import type { Encoding, Location, Provenance } from '../core/types.js';

/** One `locations` row without its ids and scan columns, as bound to and read from SQL. */
export interface LocationRow {
  place_key: string;
  source_kind: Provenance['kind'];
  path: string;
  repo: string | null;
  blob: string | null;
  commit_id: string | null;
  author: string | null;
  email: string | null;
  date: string | null;
  date_utc: string | null;
  summary: string | null;
  refs: string | null;
  at_head: number | null;
  unreachable: number | null;
  member: string | null;
  issue: string | null;
  field: string | null;
  line: number;
  col: number;
  start_byte: number;
  end_byte: number;
  encoding: string | null;
  context_redacted: string;
}

/**
 * What makes a location the same place across scans. Git: repository, path and blob (the introducing
 * commit, refs and HEAD state are facts about it that a later scan may update). Always the byte span.
 */
export function placeKey(loc: Location): string {
  const p = loc.provenance;
  const span = [loc.start, loc.end];
  switch (p.kind) {
    case 'file':
      return JSON.stringify(['file', p.path, ...span]);
    case 'stdin':
      return JSON.stringify(['stdin', ...span]);
    case 'git':
      // An archive member inside the blob is part of the place (keys without one are as before).
      return JSON.stringify(['git', p.repo, p.path, p.blob, ...span, ...(loc.inner?.kind === 'archive' ? [loc.inner.member] : [])]);
    case 'archive':
      return JSON.stringify(['archive', p.path, p.member, ...span]);
    case 'jira':
      return JSON.stringify(['jira', p.path, p.issue, p.field, ...span]);
  }
}

/** An ISO-8601 UTC instant for sorting and filtering, or null when `date` does not parse. */
export function utc(date: string | undefined): string | null {
  if (date === undefined || date === '') return null;
  const t = Date.parse(date);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

const flag = (b: boolean | undefined): number | null => (b === undefined ? null : b ? 1 : 0);

/** How a location's free text is made safe to store: its context line, and a commit message summary. */
export interface LocationScrub {
  context(loc: Location): string;
  summary(text: string): string;
}

/** The row for one location, its context and commit summary scrubbed of secrets. */
export function locationToRow(loc: Location, scrub: LocationScrub): LocationRow {
  const p = loc.provenance;
  const row: LocationRow = {
    place_key: placeKey(loc),
    source_kind: p.kind,
    path: p.path,
    repo: null, blob: null, commit_id: null, author: null, email: null, date: null, date_utc: null,
    summary: null, refs: null, at_head: null, unreachable: null, member: null, issue: null, field: null,
    line: loc.line,
    col: loc.column,
    start_byte: loc.start,
    end_byte: loc.end,
    encoding: loc.encoding && loc.encoding.length > 0 ? JSON.stringify(loc.encoding) : null,
    context_redacted: scrub.context(loc),
  };
  if (loc.blob !== undefined) row.blob = loc.blob;
  if (p.kind === 'git') {
    Object.assign(row, { repo: p.repo, blob: p.blob, refs: p.refs ? JSON.stringify(p.refs) : null });
    row.at_head = flag(p.atHead);
    row.unreachable = flag(p.unreachable);
    if (loc.inner?.kind === 'archive') row.member = loc.inner.member;
    if (p.commit) {
      const c = p.commit;
      Object.assign(row, { commit_id: c.id, author: c.author, email: c.email, date: c.date, summary: scrub.summary(c.summary) });
      row.date_utc = utc(c.date);
    }
  } else if (p.kind === 'archive') {
    row.member = p.member;
  } else if (p.kind === 'jira') {
    Object.assign(row, { issue: p.issue, field: p.field, author: p.author ?? null, date: p.date ?? null });
    row.date_utc = utc(p.date);
  }
  return row;
}

/** Rebuilds the provenance a row was flattened from; absent facts stay absent. */
export function rowToProvenance(r: LocationRow): Provenance {
  switch (r.source_kind) {
    case 'file':
      return { kind: 'file', path: r.path };
    case 'stdin':
      return { kind: 'stdin', path: '-' };
    case 'archive':
      return { kind: 'archive', path: r.path, member: r.member ?? '' };
    case 'jira': {
      const p: Provenance = { kind: 'jira', path: r.path, issue: r.issue ?? '', field: r.field ?? '' };
      if (r.author !== null) p.author = r.author;
      if (r.date !== null) p.date = r.date;
      return p;
    }
    case 'git': {
      const p: Provenance = { kind: 'git', repo: r.repo ?? '', path: r.path, blob: r.blob ?? '' };
      if (r.commit_id !== null) {
        p.commit = { id: r.commit_id, author: r.author ?? '', email: r.email ?? '', date: r.date ?? '', summary: r.summary ?? '' };
      }
      if (r.refs !== null) p.refs = JSON.parse(r.refs) as string[];
      if (r.at_head !== null) p.atHead = r.at_head === 1;
      if (r.unreachable !== null) p.unreachable = r.unreachable === 1;
      return p;
    }
  }
}

export function rowToLocation(r: LocationRow): Location {
  const loc: Location = {
    provenance: rowToProvenance(r),
    line: r.line,
    column: r.col,
    start: r.start_byte,
    end: r.end_byte,
    context: r.context_redacted,
  };
  if (r.encoding !== null) loc.encoding = JSON.parse(r.encoding) as Encoding[];
  if (r.blob !== null && r.source_kind !== 'git') loc.blob = r.blob;
  if (r.source_kind === 'git' && r.member !== null) loc.inner = { kind: 'archive', member: r.member };
  return loc;
}
