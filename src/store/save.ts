// Saving findings: upsert each finding (triage state untouched) and its locations, in bounded transactions.
import type Database from 'better-sqlite3';
import type { Finding, Location } from '../core/types.js';
import { contextText } from '../report/redaction.js';
import type { SecretHasher } from './keyed-hash.js';
import { locationToRow, type LocationRow, type LocationScrub } from './rows.js';
import { SecretIndex, candidateRuns, ownScrubber, scrubValidation } from './scrub.js';
import type { SaveResult, StoredFinding } from './types.js';

/** Findings per transaction: a crash loses at most the batch being written. */
const BATCH = 500;

const UPSERT_FINDING = `
  INSERT INTO findings (id, rule_id, rule_name, severity, category, provider, redacted, secret_hash, secret,
                        entropy, validation, rotation, first_seen_scan, last_seen_scan)
  VALUES (@id, @rule_id, @rule_name, @severity, @category, @provider, @redacted, @secret_hash, @secret,
          @entropy, @validation, @rotation, @scan, @scan)
  ON CONFLICT (id) DO UPDATE SET
    rule_id = excluded.rule_id, rule_name = excluded.rule_name, severity = excluded.severity,
    category = excluded.category, provider = excluded.provider, redacted = excluded.redacted,
    secret_hash = excluded.secret_hash, secret = COALESCE(excluded.secret, findings.secret),
    entropy = excluded.entropy, validation = excluded.validation, rotation = excluded.rotation,
    last_seen_scan = max(findings.last_seen_scan, excluded.last_seen_scan)`;

// A later save may know less (a git location not yet resolved to its commit): known facts are kept.
const UPSERT_LOCATION = `
  INSERT INTO locations (finding_id, place_key, source_kind, path, repo, blob, commit_id, author, email, date,
                         date_utc, summary, refs, at_head, unreachable, member, issue, field, line, col,
                         start_byte, end_byte, encoding, context_redacted, scan_id, last_scan_id)
  VALUES (@finding_id, @place_key, @source_kind, @path, @repo, @blob, @commit_id, @author, @email, @date,
          @date_utc, @summary, @refs, @at_head, @unreachable, @member, @issue, @field, @line, @col,
          @start_byte, @end_byte, @encoding, @context_redacted, @scan, @scan)
  ON CONFLICT (finding_id, place_key) DO UPDATE SET
    commit_id = COALESCE(excluded.commit_id, commit_id), author = COALESCE(excluded.author, author),
    email = COALESCE(excluded.email, email), date = COALESCE(excluded.date, date),
    date_utc = COALESCE(excluded.date_utc, date_utc), summary = COALESCE(excluded.summary, summary),
    refs = COALESCE(excluded.refs, refs), at_head = COALESCE(excluded.at_head, at_head),
    unreachable = COALESCE(excluded.unreachable, unreachable), line = excluded.line, col = excluded.col,
    encoding = excluded.encoding, context_redacted = excluded.context_redacted,
    last_scan_id = max(last_scan_id, excluded.last_scan_id)`;

/** A git location saved before its blob was resolved to a path stands in for it until then. */
const DROP_PLACEHOLDER = `
  DELETE FROM locations WHERE finding_id = ? AND source_kind = 'git' AND repo = ? AND blob = ? AND path = ''
    AND start_byte = ? AND end_byte = ?`;

/** A finding read back from a store that did not keep its secret: its `secret` is only the redacted form. */
function withoutSecret(f: Finding): boolean {
  return (f as Partial<StoredFinding>).secretStored === false;
}

/** A finding read back from a store: its location contexts are already redacted. */
function readBack(f: Finding): boolean {
  return typeof (f as Partial<StoredFinding>).secretStored === 'boolean';
}

export class FindingWriter {
  private readonly upsertFinding: Database.Statement;
  private readonly touchFinding: Database.Statement;
  private readonly upsertLocation: Database.Statement;
  private readonly dropPlaceholder: Database.Statement;
  private readonly findingExists: Database.Statement;
  private readonly locationExists: Database.Statement;
  private readonly touchScan: Database.Statement;
  private readonly redactedByHash: Database.Statement;
  private readonly fixSummary: Database.Statement;
  /** Every raw secret given to this writer, scrubbed from all text it saves. */
  private readonly secrets = new SecretIndex();
  /**
   * Commit summaries in the store (commit id and stored text), loaded when this writer first learns
   * a secret and kept up to date: each is re-scrubbed whenever a new secret is learned.
   */
  private summaries: Map<string, { commit: string; text: string }> | undefined;
  private readonly allSummaries: Database.Statement;
  private readonly summaryCache = new Map<string, string>();
  private readonly saveBatch: Database.Transaction<(scanId: number, batch: readonly Finding[], out: SaveResult, learned: boolean) => void>;

  constructor(
    db: Database.Database,
    private readonly hasher: SecretHasher,
    private readonly storeSecrets: boolean,
  ) {
    this.upsertFinding = db.prepare(UPSERT_FINDING);
    this.touchFinding = db.prepare('UPDATE findings SET last_seen_scan = max(last_seen_scan, ?) WHERE id = ?');
    this.upsertLocation = db.prepare(UPSERT_LOCATION);
    this.dropPlaceholder = db.prepare(DROP_PLACEHOLDER);
    this.findingExists = db.prepare('SELECT 1 FROM findings WHERE id = ?').pluck();
    this.locationExists = db.prepare('SELECT 1 FROM locations WHERE finding_id = ? AND place_key = ?').pluck();
    this.touchScan = db.prepare('UPDATE scans SET updated_at = ? WHERE id = ?');
    this.redactedByHash = db.prepare('SELECT redacted FROM findings WHERE secret_hash = ? LIMIT 1').pluck();
    this.fixSummary = db.prepare('UPDATE locations SET summary = ? WHERE commit_id = ? AND summary = ?');
    this.allSummaries = db.prepare('SELECT DISTINCT commit_id, summary FROM locations WHERE commit_id IS NOT NULL AND summary IS NOT NULL');
    this.saveBatch = db.transaction((scanId: number, batch: readonly Finding[], out: SaveResult, learned: boolean) => {
      if (learned) this.rescrubSummaries();
      for (const f of batch) this.saveOne(scanId, f, out);
      this.touchScan.run(new Date().toISOString(), scanId);
    });
  }

  /**
   * Saves findings seen by scan `scanId`, committing every BATCH findings. Call it as often as results
   * arrive: a finding saved again gains its new locations and keeps its triage status and note.
   */
  save(scanId: number, findings: readonly Finding[]): SaveResult {
    const out: SaveResult = { newFindings: [], newLocations: 0 };
    // Learn every secret of the call first, so no text saved in it carries any of them.
    let learned = false;
    for (const f of findings) if (!withoutSecret(f)) learned = this.secrets.add(f) || learned;
    if (learned) this.summaryCache.clear();
    for (let i = 0; i < findings.length; i += BATCH) {
      this.saveBatch.immediate(scanId, findings.slice(i, i + BATCH), out, learned && i === 0);
    }
    if (findings.length === 0) this.touchScan.run(new Date().toISOString(), scanId);
    return out;
  }

  private saveOne(scanId: number, f: Finding, out: SaveResult): void {
    const known = this.findingExists.get(f.id) !== undefined;
    if (!known) out.newFindings.push(f.id);
    const own = withoutSecret(f) ? (t: string): string => t : ownScrubber(f);
    const text = (t: string): string => this.secrets.scrub(own(t));
    if (known && withoutSecret(f)) {
      // Re-saving a finding read back without its secret: keep the stored hash and facts.
      this.touchFinding.run(scanId, f.id);
    } else {
      this.upsertFinding.run({
        id: f.id,
        rule_id: f.ruleId,
        rule_name: f.ruleName,
        severity: f.severity,
        category: f.category,
        provider: f.provider,
        redacted: f.redacted,
        secret_hash: this.hasher.secretHash(f.secret),
        secret: this.storeSecrets && !withoutSecret(f) ? f.secret : null,
        entropy: f.entropy,
        validation: JSON.stringify(scrubValidation(f.validation, text)),
        rotation: f.rotation ? JSON.stringify(f.rotation) : null,
        scan: scanId,
      });
    }
    // A location read back from the store already has a redacted context: only other secrets are scrubbed.
    const stored = readBack(f);
    const scrub: LocationScrub = {
      context: (loc: Location) => this.secrets.scrub(stored ? loc.context : contextText(f, loc, false)),
      summary: (t: string) => this.scrubSummary(own(t)),
    };
    for (const loc of f.locations) this.saveLocation(scanId, f, locationToRow(loc, scrub), out);
  }

  /**
   * A commit summary without any known secret: those given to this writer, and (by keyed hash of each
   * word-like run) any finding already in the store, whose raw secret may not be kept.
   */
  private scrubSummary(text: string): string {
    const cached = this.summaryCache.get(text);
    if (cached !== undefined) return cached;
    let out = this.secrets.scrub(text);
    for (const run of candidateRuns(out)) {
      const redacted = this.redactedByHash.get(this.hasher.secretHash(run)) as string | undefined;
      if (redacted !== undefined) out = out.split(run).join(redacted);
    }
    this.summaryCache.set(text, out);
    return out;
  }

  /**
   * Re-scrubs the stored commit summaries once new secrets are learned: a message saved before its
   * secret was known (earlier in this scan, or by an earlier scan whose rules did not find it).
   */
  private rescrubSummaries(): void {
    if (!this.summaries) {
      this.summaries = new Map();
      for (const r of this.allSummaries.all() as { commit_id: string; summary: string }[]) this.rememberSummary(r.commit_id, r.summary);
    }
    for (const [key, { commit, text }] of this.summaries) {
      const next = this.scrubSummary(text);
      if (next === text) continue;
      this.fixSummary.run(next, commit, text);
      this.summaries.delete(key);
      this.rememberSummary(commit, next);
    }
  }

  private rememberSummary(commit: string, text: string): void {
    this.summaries?.set(`${commit}\0${text}`, { commit, text });
  }

  private saveLocation(scanId: number, f: Finding, row: LocationRow, out: SaveResult): void {
    if (row.source_kind === 'git' && row.path !== '') {
      this.dropPlaceholder.run(f.id, row.repo, row.blob, row.start_byte, row.end_byte);
    }
    if (this.locationExists.get(f.id, row.place_key) === undefined) out.newLocations++;
    this.upsertLocation.run({ ...row, finding_id: f.id, scan: scanId });
    if (row.commit_id !== null && row.summary !== null) this.rememberSummary(row.commit_id, row.summary);
  }
}
