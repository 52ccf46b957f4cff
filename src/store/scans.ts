// Scan lifecycle and sources: begin, finish, recover scans a crashed process left running, list them.
import type Database from 'better-sqlite3';
import os from 'node:os';
import { KeyholeError } from '../core/errors.js';
import type { ScanStats } from '../core/types.js';
import type { ScanRecord, ScanStatus, SourceKind, SourceRef } from './types.js';

interface ScanRow {
  id: number;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
  status: ScanStatus;
  rules_version: string;
  stats: string | null;
  host: string;
  pid: number;
}

/** Whether process `pid` on this host still exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class ScanLog {
  /** Scans this process began and has not finished: close() marks them interrupted. */
  readonly open = new Set<number>();
  private readonly sourceIds = new Map<string, number>();
  /** Source name -> id, for places that name their source without its kind. */
  private readonly sourceByName = new Map<string, number>();
  private readonly host = os.hostname();
  private readonly insertScan: Database.Statement;
  private readonly upsertSource: Database.Statement;
  private readonly linkSource: Database.Statement;
  private readonly endScan: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insertScan = db.prepare(
      `INSERT INTO scans (started_at, updated_at, rules_version, host, pid) VALUES (@now, @now, @rules, @host, @pid)`,
    );
    this.upsertSource = db
      .prepare(`INSERT INTO sources (kind, name) VALUES (?, ?) ON CONFLICT (kind, name) DO UPDATE SET name = name RETURNING id`)
      .pluck();
    this.linkSource = db.prepare('INSERT OR IGNORE INTO scan_sources (scan_id, source_id) VALUES (?, ?)');
    this.endScan = db.prepare(
      `UPDATE scans SET status = @status, finished_at = @now, updated_at = @now, stats = COALESCE(@stats, stats)
       WHERE id = @id AND status = 'running'`,
    );
  }

  begin(rulesVersion: string, sources: readonly SourceRef[]): number {
    return this.db.transaction(() => {
      const now = new Date().toISOString();
      const id = Number(this.insertScan.run({ now, rules: rulesVersion, host: this.host, pid: process.pid }).lastInsertRowid);
      for (const s of sources) this.linkSource.run(id, this.sourceId(s.kind, s.name));
      this.open.add(id);
      return id;
    }).immediate();
  }

  /** The id of a source, registering it on first use. */
  sourceId(kind: SourceKind, name: string): number {
    const key = `${kind}\0${name}`;
    let id = this.sourceIds.get(key);
    if (id === undefined) {
      id = this.upsertSource.get(kind, name) as number;
      this.sourceIds.set(key, id);
      if (!this.sourceByName.has(name)) this.sourceByName.set(name, id);
    }
    return id;
  }

  /** The id of the source called `name` in this process, else one of that kind registered now. */
  sourceNamed(scanId: number, name: string, fallback: SourceKind): number {
    const known = this.sourceByName.get(name);
    if (known !== undefined) return known;
    const id = this.sourceId(fallback, name);
    this.linkSource.run(scanId, id);
    return id;
  }

  finish(scanId: number, status: Exclude<ScanStatus, 'running'>, stats?: ScanStats | Record<string, unknown>): void {
    const r = this.endScan.run({ id: scanId, status, now: new Date().toISOString(), stats: stats ? JSON.stringify(stats) : null });
    this.open.delete(scanId);
    if (r.changes === 0) {
      const found = this.get(scanId);
      throw new KeyholeError('USAGE', found ? `scan ${scanId} is already ${found.status}` : `no scan ${scanId} in the store`);
    }
  }

  /**
   * Marks as interrupted the scans left running by processes on this host that no longer exist;
   * their finish time is the last time they wrote anything. Returns their ids.
   */
  recover(): number[] {
    const rows = this.db.prepare(`SELECT id, host, pid FROM scans WHERE status = 'running'`).all() as Pick<ScanRow, 'id' | 'host' | 'pid'>[];
    const dead = rows.filter((r) => r.host === this.host && r.pid !== process.pid && !alive(r.pid)).map((r) => r.id);
    const mark = this.db.prepare(`UPDATE scans SET status = 'interrupted', finished_at = updated_at WHERE id = ? AND status = 'running'`);
    this.db.transaction(() => dead.forEach((id) => mark.run(id))).immediate();
    return dead;
  }

  /** Marks this process's unfinished scans interrupted (on close). */
  interruptOpen(): void {
    for (const id of [...this.open]) this.finish(id, 'interrupted');
  }

  get(scanId: number): ScanRecord | undefined {
    const row = this.db.prepare('SELECT * FROM scans WHERE id = ?').get(scanId) as ScanRow | undefined;
    return row && this.record(row);
  }

  /** Every scan, newest first. */
  list(): ScanRecord[] {
    return (this.db.prepare('SELECT * FROM scans ORDER BY id DESC').all() as ScanRow[]).map((r) => this.record(r));
  }

  private record(r: ScanRow): ScanRecord {
    const sources = this.db
      .prepare('SELECT s.kind, s.name FROM scan_sources x JOIN sources s ON s.id = x.source_id WHERE x.scan_id = ? ORDER BY s.id')
      .all(r.id) as SourceRef[];
    const rec: ScanRecord = { id: r.id, startedAt: r.started_at, status: r.status, rulesVersion: r.rules_version, sources };
    if (r.finished_at !== null) rec.finishedAt = r.finished_at;
    if (r.stats !== null) rec.stats = JSON.parse(r.stats) as ScanRecord['stats'];
    return rec;
  }
}
