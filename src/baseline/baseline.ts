// Baselines: the findings a team has already seen, kept as ids (never raw secrets), so a scan reports only new ones.
import fs from 'node:fs';
import type { z } from 'zod';
import { lazyPackage } from '../core/lazy.js';
import { KeyholeError } from '../core/errors.js';
import type { Finding, Location, Provenance } from '../core/types.js';

export const BASELINE_VERSION = 1;

const zod = lazyPackage<typeof import('zod')>('zod');

// Built on first use (zod is slow to load; a scan without a baseline does not need it).
function build() {
  const { z } = zod();
  const entrySchema = z.object({
    /** The finding id: hash(rule id, normalized secret), stable across scans and moves. */
    id: z.string().regex(/^[0-9A-Za-z_-]{4,128}$/, 'must be a finding id'),
    rule: z.string().min(1),
    /** The redacted secret, for people reading the file. */
    redacted: z.string(),
    /** The first place it was seen. */
    location: z.object({
      path: z.string(),
      line: z.number().int().min(0),
      commit: z.string().optional(),
    }).strict().optional(),
  }).strict();

  const baselineSchema = z.object({
    version: z.literal(BASELINE_VERSION),
    created: z.string(),
    tool: z.object({ name: z.string(), version: z.string() }).strict(),
    entries: z.array(entrySchema),
  }).strict();
  return { entrySchema, baselineSchema };
}

let built: ReturnType<typeof build> | undefined;
const schemas = (): ReturnType<typeof build> => (built ??= build());

export type Baseline = z.infer<ReturnType<typeof build>['baselineSchema']>;
export type BaselineEntry = z.infer<ReturnType<typeof build>['entrySchema']>;

function placeOf(p: Provenance): string {
  if (p.kind === 'git') return p.repo ? `${p.repo}:${p.path}` : p.path;
  if (p.kind === 'archive') return `${p.path}!${p.member}`;
  if (p.kind === 'jira') return `${p.path}#${p.issue}/${p.field}`;
  return p.path;
}

function firstLocation(loc: Location | undefined): BaselineEntry['location'] {
  if (!loc) return undefined;
  const commit = loc.provenance.kind === 'git' ? loc.provenance.commit?.id : undefined;
  return { path: placeOf(loc.provenance), line: loc.line, ...(commit ? { commit } : {}) };
}

/** A baseline of these findings: id, rule, redacted secret and first location each; no raw secret. */
export function createBaseline(findings: readonly Finding[], tool: { name: string; version: string }, now = new Date()): Baseline {
  const entries = findings.map((f) => {
    const location = firstLocation(f.locations[0]);
    return { id: f.id, rule: f.ruleId, redacted: f.redacted, ...(location ? { location } : {}) };
  });
  entries.sort((a, b) => a.rule.localeCompare(b.rule) || a.id.localeCompare(b.id));
  return { version: BASELINE_VERSION, created: now.toISOString(), tool: { ...tool }, entries };
}

/** Parses a baseline's text; errors name the file and the field. */
export function parseBaseline(text: string, file: string): Baseline {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new KeyholeError('CONFIG_INVALID', `${file}: not a keyhole baseline: not valid JSON: ${(err as Error).message}`);
  }
  const r = schemas().baselineSchema.safeParse(doc);
  if (!r.success) {
    const why = r.error.issues.map((i) => `field ${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`).join('; ');
    throw new KeyholeError('CONFIG_INVALID', `${file}: not a keyhole baseline: ${why}`);
  }
  return r.data;
}

export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new KeyholeError('INPUT_UNREADABLE', `${file}: cannot read baseline: ${(err as Error).message}`, { cause: err });
  }
  return parseBaseline(text, file);
}

/** Writes a baseline owner-only (it says where secrets are). */
export function writeBaseline(file: string, b: Baseline): void {
  const fd = fs.openSync(file, 'w', 0o600);
  try {
    fs.fchmodSync(fd, 0o600);
    fs.writeSync(fd, `${JSON.stringify(b, null, 2)}\n`);
  } finally {
    fs.closeSync(fd);
  }
}

/** The findings whose id is not in the baseline. */
export function newFindings<F extends { id: string }>(findings: readonly F[], b: Baseline): F[] {
  const known = new Set(b.entries.map((e) => e.id));
  return findings.filter((f) => !known.has(f.id));
}
