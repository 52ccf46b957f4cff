// Synthetic findings for the store tests: every kind of place, secrets in contexts, summaries and validation text.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findingId } from '../core/hash.js';
import { redact } from '../core/redact.js';
import type { Finding, Location, Provenance, Severity } from '../core/types.js';

/** Made-up credentials in the shapes of real ones; none is valid anywhere. */
export const TOKEN = 'khstore_T0k3nQ9vR2mX8pL4wZ7nB5cY1dF6';
export const AWS_KEY = 'AKIAKEYHOLESTORE7TST';
export const PEM = [
  '-----BEGIN PRIVATE KEY-----',
  'MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAstoreFixtureKeyA',
  'c3RvcmUtZml4dHVyZS1rZXlob2xlLXRlc3Qtbm90LWEtcmVhbC1rZXktMDAwMDA=',
  '-----END PRIVATE KEY-----',
].join('\n');
export const ALL_SECRETS = [TOKEN, AWS_KEY, PEM];

export const REPO = '/srv/bitbucket/PROJ/app.git';
export const BLOB = 'ab'.repeat(20);
export const COMMIT = {
  id: 'c0ffee'.repeat(6) + 'c0ff',
  author: 'Dana Dev',
  email: 'dana@example.com',
  date: '2021-03-04T10:11:12+01:00',
  summary: `rotate token ${TOKEN} (oops)`,
};

export function loc(provenance: Provenance, line: number, context: string, extra: Partial<Location> = {}): Location {
  return { provenance, line, column: 5, start: 40 * line, end: 40 * line + 30, context, ...extra };
}

export function finding(ruleId: string, secret: string, severity: Severity, locations: Location[], extra: Partial<Finding> = {}): Finding {
  return {
    id: findingId(ruleId, secret),
    ruleId,
    ruleName: ruleId.replace(/-/g, ' '),
    severity,
    category: ruleId.startsWith('aws') ? 'cloud' : 'generic',
    provider: ruleId.startsWith('aws') ? 'aws' : 'generic',
    secret,
    redacted: redact(secret),
    entropy: 4.25,
    validation: { status: 'unknown' },
    locations,
    ...extra,
  };
}

export const gitPlace = (over: Partial<Extract<Provenance, { kind: 'git' }>> = {}): Provenance => ({
  kind: 'git', repo: REPO, path: 'deploy/settings.py', blob: BLOB, commit: { ...COMMIT },
  refs: ['refs/heads/main', 'refs/tags/v1.0'], atHead: false, ...over,
});

/** Three findings over file, git (with a secret-bearing commit summary), archive, jira and stdin places. */
export function sampleFindings(): Finding[] {
  const b64 = Buffer.from(`x=${AWS_KEY};`).toString('base64');
  return [
    finding('generic-api-token', TOKEN, 'high', [
      loc({ kind: 'file', path: 'config/app.env' }, 3, `API_TOKEN=${TOKEN}`),
      loc(gitPlace(), 12, `    token = "${TOKEN}"  # temporary`),
      loc({ kind: 'jira', path: 'exports/jira.json', issue: 'OPS-17', field: 'comment:2001', author: 'Sam Ops', date: '2024-01-02T08:00:00Z' }, 1,
        `here is the token: ${TOKEN}`),
    ], { validation: { status: 'invalid', validator: 'test', reason: `checksum of ${TOKEN} is wrong`, details: { prefix: 'khstore' } } }),
    finding('aws-access-key-id', AWS_KEY, 'critical', [
      loc({ kind: 'archive', path: 'backups/site.zip', member: 'site/.aws/credentials' }, 2, `aws_access_key_id = ${b64}`, { encoding: ['base64'] }),
      loc({ kind: 'stdin', path: '-' }, 1, `AWS_ACCESS_KEY_ID=${AWS_KEY}`),
    ], { validation: { status: 'valid', validator: 'aws-key-id', details: { account: '123456789012' } }, rotation: { steps: 'Deactivate, then delete.', docs: 'https://docs.aws.amazon.com/' } }),
    finding('private-key', PEM, 'medium', [
      loc(gitPlace({ path: 'keys/id.pem', blob: 'cd'.repeat(20), refs: ['refs/heads/old'], unreachable: true, atHead: false }), 1,
        PEM.split('\n')[1]!),
    ]),
  ];
}

/** A fresh temporary directory, removed when the process exits. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-store-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every file of a store on disk (database, WAL, shared memory), concatenated. */
export function storeBytes(dbPath: string): Buffer {
  const parts = ['', '-wal', '-shm', '-journal'].map((s) => dbPath + s).filter((f) => fs.existsSync(f));
  return Buffer.concat(parts.map((f) => fs.readFileSync(f)));
}

/** Collects warnings for assertions instead of printing them. */
export function warnings(): { warn: (m: string) => void; list: string[] } {
  const list: string[] = [];
  return { warn: (m) => list.push(m), list };
}
