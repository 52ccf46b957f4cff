// Triage: a finding's status and note, every change logged; ids may be given as a unique prefix.
import type Database from 'better-sqlite3';
import { KeyholeError } from '../core/errors.js';
import { TRIAGE_STATUSES, type TriageEntry, type TriageStatus } from './types.js';

/** Shortest id prefix accepted, so a typo cannot match by luck. */
const MIN_PREFIX = 6;

export class Triage {
  private readonly exact: Database.Statement;
  private readonly byPrefix: Database.Statement;
  private readonly update: Database.Statement;
  private readonly log: Database.Statement;
  private readonly entries: Database.Statement;
  private readonly apply: Database.Transaction<(id: string, status: TriageStatus, note: string | null) => TriageStatus>;

  constructor(db: Database.Database) {
    this.exact = db.prepare('SELECT status FROM findings WHERE id = ?').pluck();
    // Ids are hex: a prefix range scan on the primary key.
    this.byPrefix = db.prepare('SELECT id FROM findings WHERE id >= ? AND id < ? ORDER BY id LIMIT 2').pluck();
    this.update = db.prepare(
      'UPDATE findings SET status = ?, note = COALESCE(?, note), status_changed_at = ? WHERE id = ?',
    );
    this.log = db.prepare('INSERT INTO triage_log (finding_id, at, status, previous, note) VALUES (?, ?, ?, ?, ?)');
    this.entries = db.prepare('SELECT at, status, previous, note FROM triage_log WHERE finding_id = ? ORDER BY id');
    this.apply = db.transaction((id: string, status: TriageStatus, note: string | null) => {
      const previous = this.exact.get(id) as TriageStatus | undefined;
      if (previous === undefined) throw new KeyholeError('INPUT_NOT_FOUND', `no finding ${id} in the store`);
      const at = new Date().toISOString();
      this.update.run(status, note, at, id);
      this.log.run(id, at, status, previous, note);
      return previous;
    });
  }

  /** The full id of the finding `idOrPrefix` names: the id itself, or a unique prefix of at least 6 characters. */
  resolveId(idOrPrefix: string): string {
    if (this.exact.get(idOrPrefix) !== undefined) return idOrPrefix;
    if (idOrPrefix.length < MIN_PREFIX) {
      throw new KeyholeError('INPUT_NOT_FOUND', `no finding ${idOrPrefix} (give at least ${MIN_PREFIX} characters of its id)`);
    }
    const hits = this.byPrefix.all(idOrPrefix, `${idOrPrefix}\u{10FFFF}`) as string[];
    if (hits.length === 0) throw new KeyholeError('INPUT_NOT_FOUND', `no finding ${idOrPrefix} in the store`);
    if (hits.length > 1) throw new KeyholeError('USAGE', `finding id ${idOrPrefix} is ambiguous: give more characters`);
    return hits[0]!;
  }

  /**
   * Sets a finding's triage status (a note given replaces the previous one; none keeps it) and logs
   * the change. Returns the full id and the status it had before.
   */
  setStatus(idOrPrefix: string, status: TriageStatus, note?: string): { id: string; previous: TriageStatus } {
    if (!TRIAGE_STATUSES.includes(status)) {
      throw new KeyholeError('USAGE', `status must be one of ${TRIAGE_STATUSES.join(', ')}, not ${String(status)}`);
    }
    const id = this.resolveId(idOrPrefix);
    return { id, previous: this.apply.immediate(id, status, note ?? null) };
  }

  history(idOrPrefix: string): TriageEntry[] {
    const id = this.resolveId(idOrPrefix);
    const rows = this.entries.all(id) as { at: string; status: TriageStatus; previous: TriageStatus; note: string | null }[];
    return rows.map((r) => (r.note === null ? { at: r.at, status: r.status, previous: r.previous } : { ...r, note: r.note }));
  }
}
