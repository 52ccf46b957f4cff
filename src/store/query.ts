// Reading findings back: a filter becomes SQL, rows become full Findings with their locations.
import type Database from 'better-sqlite3';
import { KeyholeError } from '../core/errors.js';
import type { Location, Rotation, Severity, ValidationResult } from '../core/types.js';
import { rowToLocation, utc, type LocationRow } from './rows.js';
import type { FindingFilter, StoredFinding, TriageStatus } from './types.js';

interface FindingRow {
  id: string;
  rule_id: string;
  rule_name: string;
  severity: Severity;
  category: string;
  provider: string;
  redacted: string;
  secret_hash: string;
  secret: string | null;
  entropy: number;
  validation: string;
  rotation: string | null;
  first_seen_scan: number;
  last_seen_scan: number;
  status: TriageStatus;
  note: string | null;
  status_changed_at: string | null;
}

const SEVERITY_RANK = `CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END`;
/** When a location was exposed: its commit or issue date, else when a scan first saw it. */
const EXPOSED = 'COALESCE(l.date_utc, s.started_at)';

/** SQL conditions and their parameters, built up from a filter. */
class Where {
  readonly sql: string[] = [];
  readonly params: unknown[] = [];
  oneOf(column: string, value: string | readonly string[] | undefined): void {
    if (value === undefined) return;
    const list = typeof value === 'string' ? [value] : value;
    this.sql.push(list.length === 0 ? '0' : `${column} IN (${list.map(() => '?').join(', ')})`);
    this.params.push(...list);
  }
  add(sql: string, ...params: unknown[]): void {
    this.sql.push(sql);
    this.params.push(...params);
  }
  text(): string {
    return this.sql.length > 0 ? this.sql.join(' AND ') : '1';
  }
}

function bound(d: string | Date, name: string): string {
  const iso = d instanceof Date ? d.toISOString() : utc(d);
  if (iso === null) throw new KeyholeError('USAGE', `${name}: not a date: ${String(d)}`);
  return iso;
}

/** The conditions on findings (alias f) and on locations (alias l, joined with their first scan s). */
function conditions(filter: FindingFilter): { f: Where; l: Where } {
  const f = new Where();
  const l = new Where();
  f.oneOf('f.id', filter.ids);
  f.oneOf('f.severity', filter.severity);
  f.oneOf('f.status', filter.status);
  f.oneOf('f.category', filter.category);
  f.oneOf('f.provider', filter.provider);
  f.oneOf('f.rule_id', filter.ruleId);
  l.oneOf('l.source_kind', filter.sourceKind);
  if (filter.source !== undefined) {
    const src = filter.source.length > 1 ? filter.source.replace(/\/+$/, '') : filter.source;
    l.add(`(l.repo = ? OR l.path = ? OR substr(l.path, 1, ?) = ?)`, src, src, src.length + 1, `${src}/`);
  }
  if (filter.since !== undefined) l.add(`${EXPOSED} >= ?`, bound(filter.since, 'since'));
  if (filter.until !== undefined) {
    const u = filter.until;
    if (typeof u === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(u)) {
      l.add(`${EXPOSED} < ?`, new Date(Date.parse(u) + 86_400_000).toISOString());
    } else l.add(`${EXPOSED} <= ?`, bound(u, 'until'));
  }
  return { f, l };
}

function toFinding(r: FindingRow, locations: Location[]): StoredFinding {
  const f: StoredFinding = {
    id: r.id,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    severity: r.severity,
    category: r.category,
    provider: r.provider,
    secret: r.secret ?? r.redacted,
    redacted: r.redacted,
    entropy: r.entropy,
    validation: JSON.parse(r.validation) as ValidationResult,
    locations,
    secretStored: r.secret !== null,
    secretHash: r.secret_hash,
    status: r.status,
    firstSeenScan: r.first_seen_scan,
    lastSeenScan: r.last_seen_scan,
  };
  if (r.rotation !== null) f.rotation = JSON.parse(r.rotation) as Rotation;
  if (r.note !== null) f.note = r.note;
  if (r.status_changed_at !== null) f.statusChangedAt = r.status_changed_at;
  return f;
}

/**
 * The findings matching `filter`, most severe first, each with its matching locations in order of
 * exposure (oldest first), then path and offset.
 */
export function queryFindings(db: Database.Database, filter: FindingFilter = {}): StoredFinding[] {
  const { f, l } = conditions(filter);
  const locJoin = 'FROM locations l JOIN scans s ON s.id = l.scan_id';
  const exists = l.sql.length > 0 ? ` AND EXISTS (SELECT 1 ${locJoin} WHERE l.finding_id = f.id AND ${l.text()})` : '';
  const rows = db
    .prepare(`SELECT f.* FROM findings f WHERE ${f.text()}${exists} ORDER BY ${SEVERITY_RANK}, f.id`)
    .all(...f.params, ...l.params) as FindingRow[];
  if (rows.length === 0) return [];
  const locs = db
    .prepare(
      `SELECT l.* ${locJoin} JOIN findings f ON f.id = l.finding_id WHERE ${f.text()} AND ${l.text()}
       ORDER BY l.finding_id, ${EXPOSED}, l.path, l.start_byte, l.id`,
    )
    .all(...f.params, ...l.params) as (LocationRow & { finding_id: string })[];
  const byFinding = new Map<string, Location[]>();
  for (const r of locs) {
    let list = byFinding.get(r.finding_id);
    if (!list) byFinding.set(r.finding_id, (list = []));
    list.push(rowToLocation(r));
  }
  return rows.map((r) => toFinding(r, byFinding.get(r.id) ?? []));
}

/**
 * Where known findings sit inside blob `blobId` (from any earlier place of it): what an incremental
 * rescan attaches to a new place of a blob it does not scan again.
 */
export function locationsInBlob(db: Database.Database, blobId: string): { findingId: string; location: Location }[] {
  const rows = db
    .prepare(
      `SELECT l.* FROM locations l WHERE l.blob = ? AND l.id IN
         (SELECT min(id) FROM locations WHERE blob = ? GROUP BY finding_id, start_byte, end_byte)
       ORDER BY l.finding_id, l.start_byte`,
    )
    .all(blobId, blobId) as (LocationRow & { finding_id: string })[];
  return rows.map((r) => ({ findingId: r.finding_id, location: rowToLocation(r) }));
}

/**
 * Every git location in repository `repo` that scan `scanId` saved or saw again, in the order they
 * were first saved: what a rescan of the unchanged repository reports.
 */
export function locationsInRepo(db: Database.Database, repo: string, scanId: number): { findingId: string; location: Location }[] {
  const rows = db
    .prepare(`SELECT l.* FROM locations l WHERE l.repo = ? AND l.source_kind = 'git' AND l.last_scan_id = ? ORDER BY l.id`)
    .all(repo, scanId) as (LocationRow & { finding_id: string })[];
  return rows.map((r) => ({ findingId: r.finding_id, location: rowToLocation(r) }));
}
