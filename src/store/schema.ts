// The store's schema: forward-only migrations, numbered by SQLite's `PRAGMA user_version`.
import type Database from 'better-sqlite3';
import { KeyholeError } from '../core/errors.js';

const SEVERITY = `'critical','high','medium','low','info'`;
const STATUS = `'open','false-positive','revoked','accepted-risk'`;
const PLACE = `'file','stdin','git','archive','jira'`;
/** A git object id: 40 (sha1) or 64 (sha256) lower-case hex digits. */
const HEX_ID = (col: string): string => `length(${col}) IN (40, 64) AND ${col} NOT GLOB '*[^0-9a-f]*'`;

/**
 * Migration N (1-based) takes a database at version N-1 to version N. Never edit a released
 * migration: append a new one. Each runs inside one transaction with the version bump.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE scans (
    id            INTEGER PRIMARY KEY,
    started_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    finished_at   TEXT,
    status        TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running','completed','interrupted')),
    rules_version TEXT NOT NULL CHECK (rules_version <> ''),
    stats         TEXT CHECK (stats IS NULL OR json_valid(stats)),
    host          TEXT NOT NULL,
    pid           INTEGER NOT NULL,
    CHECK ((status = 'running') = (finished_at IS NULL))
  ) STRICT;

  CREATE TABLE sources (
    id   INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('file','directory','stdin','git','archive','jira')),
    name TEXT NOT NULL CHECK (name <> ''),
    UNIQUE (kind, name)
  ) STRICT;

  CREATE TABLE scan_sources (
    scan_id   INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    PRIMARY KEY (scan_id, source_id)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE blobs (
    id   TEXT PRIMARY KEY CHECK (${HEX_ID('id')}),
    size INTEGER CHECK (size IS NULL OR size >= 0)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE blob_scans (
    blob_id       TEXT NOT NULL REFERENCES blobs(id) ON DELETE CASCADE,
    rules_version TEXT NOT NULL,
    scan_id       INTEGER REFERENCES scans(id) ON DELETE SET NULL,
    PRIMARY KEY (rules_version, blob_id)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE blob_places (
    id            INTEGER PRIMARY KEY,
    blob_id       TEXT NOT NULL REFERENCES blobs(id) ON DELETE CASCADE,
    source_id     INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN (${PLACE})),
    repo          TEXT NOT NULL DEFAULT '',
    path          TEXT NOT NULL,
    commit_id     TEXT NOT NULL DEFAULT '',
    member        TEXT NOT NULL DEFAULT '',
    first_scan_id INTEGER NOT NULL REFERENCES scans(id),
    last_scan_id  INTEGER NOT NULL REFERENCES scans(id),
    UNIQUE (blob_id, source_id, repo, path, commit_id, member)
  ) STRICT;

  CREATE TABLE findings (
    id                TEXT PRIMARY KEY CHECK (length(id) BETWEEN 8 AND 64),
    rule_id           TEXT NOT NULL CHECK (rule_id <> ''),
    rule_name         TEXT NOT NULL,
    severity          TEXT NOT NULL CHECK (severity IN (${SEVERITY})),
    category          TEXT NOT NULL,
    provider          TEXT NOT NULL,
    redacted          TEXT NOT NULL,
    secret_hash       TEXT NOT NULL CHECK (length(secret_hash) = 64),
    secret            TEXT,
    entropy           REAL NOT NULL,
    validation        TEXT NOT NULL CHECK (json_valid(validation)),
    rotation          TEXT CHECK (rotation IS NULL OR json_valid(rotation)),
    first_seen_scan   INTEGER NOT NULL REFERENCES scans(id),
    last_seen_scan    INTEGER NOT NULL REFERENCES scans(id),
    status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN (${STATUS})),
    note              TEXT,
    status_changed_at TEXT
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX findings_secret_hash ON findings(secret_hash);
  CREATE INDEX findings_status ON findings(status, severity);

  CREATE TABLE locations (
    id               INTEGER PRIMARY KEY,
    finding_id       TEXT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    place_key        TEXT NOT NULL,
    source_kind      TEXT NOT NULL CHECK (source_kind IN (${PLACE})),
    path             TEXT NOT NULL,
    repo             TEXT,
    blob             TEXT CHECK (blob IS NULL OR blob = '' OR (${HEX_ID('blob')})),
    commit_id        TEXT,
    author           TEXT,
    email            TEXT,
    date             TEXT,
    date_utc         TEXT,
    summary          TEXT,
    refs             TEXT CHECK (refs IS NULL OR json_valid(refs)),
    at_head          INTEGER CHECK (at_head IN (0, 1)),
    unreachable      INTEGER CHECK (unreachable IN (0, 1)),
    member           TEXT,
    issue            TEXT,
    field            TEXT,
    line             INTEGER NOT NULL CHECK (line >= 0),
    col              INTEGER NOT NULL CHECK (col >= 0),
    start_byte       INTEGER NOT NULL CHECK (start_byte >= 0),
    end_byte         INTEGER NOT NULL CHECK (end_byte >= start_byte),
    encoding         TEXT CHECK (encoding IS NULL OR json_valid(encoding)),
    context_redacted TEXT NOT NULL,
    scan_id          INTEGER NOT NULL REFERENCES scans(id),
    last_scan_id     INTEGER NOT NULL REFERENCES scans(id),
    UNIQUE (finding_id, place_key),
    CHECK (source_kind <> 'git' OR (repo IS NOT NULL AND blob IS NOT NULL)),
    CHECK (source_kind <> 'archive' OR member IS NOT NULL),
    CHECK (source_kind <> 'jira' OR (issue IS NOT NULL AND field IS NOT NULL))
  ) STRICT;
  CREATE INDEX locations_blob ON locations(blob) WHERE blob IS NOT NULL;
  CREATE INDEX locations_repo ON locations(repo) WHERE repo IS NOT NULL;
  CREATE INDEX locations_commit ON locations(commit_id) WHERE commit_id IS NOT NULL;

  CREATE TABLE triage_log (
    id         INTEGER PRIMARY KEY,
    finding_id TEXT NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
    at         TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN (${STATUS})),
    previous   TEXT NOT NULL CHECK (previous IN (${STATUS})),
    note       TEXT
  ) STRICT;
  CREATE INDEX triage_log_finding ON triage_log(finding_id, id);
  `,
  // 2: the state of each git repository a completed scan read whole, so an unchanged one is not read again.
  `
  CREATE TABLE repo_states (
    git_dir       TEXT PRIMARY KEY CHECK (git_dir <> ''),
    repo          TEXT NOT NULL,
    fingerprint   TEXT NOT NULL CHECK (length(fingerprint) = 64),
    rules_version TEXT NOT NULL CHECK (rules_version <> ''),
    scan_id       INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    objects       INTEGER NOT NULL CHECK (objects >= 0),
    notes         TEXT NOT NULL CHECK (json_valid(notes))
  ) STRICT, WITHOUT ROWID;
  `,
];

/** The schema version this build of keyhole writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings `db` up to SCHEMA_VERSION; returns the version it found. Refuses a newer database. */
export function migrate(db: Database.Database): number {
  const found = db.pragma('user_version', { simple: true }) as number;
  if (found > SCHEMA_VERSION) {
    throw new KeyholeError(
      'CONFIG_INVALID',
      `store ${db.name} has schema version ${found}, newer than this keyhole understands (${SCHEMA_VERSION}); upgrade keyhole`,
    );
  }
  for (let v = found; v < SCHEMA_VERSION; v++) {
    const sql = MIGRATIONS[v]!;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
  return found;
}
