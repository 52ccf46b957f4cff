// The rotation plan: one entry per secret, ordered by how urgently it should be rotated.
import { SEVERITIES, type Finding, type Location, type Rotation, type Severity } from '../core/types.js';
import { ruleOf } from './findings.js';
import { describeLocation } from './location.js';
import type { RuleMeta } from './types.js';

/** Where a location sits, in the words of the report's "by place" chart. */
export type Place = 'HEAD' | 'history' | 'unreachable' | 'archive' | 'issue tracker' | 'file';
export const PLACES: readonly Place[] = ['HEAD', 'history', 'unreachable', 'archive', 'issue tracker', 'file'];

/** How present a secret still is: in a current tree, file or issue; only in git history; only unreachable. */
export type Exposure = 'still present' | 'history only' | 'unreachable only';
const EXPOSURES: readonly Exposure[] = ['still present', 'history only', 'unreachable only'];

/** An issue tracker is read by more people than a repository: each of its places counts this many times. */
export const ISSUE_TRACKER_WEIGHT = 3;

/** The earliest dated place of a secret: a git commit or a Jira issue field. */
export interface FirstExposed {
  /** As recorded (ISO 8601 for git, Jira's own form for issues). */
  date: string;
  /** Milliseconds since the epoch, for ordering and bucketing. */
  time: number;
  author?: string;
  email?: string;
  commit?: string;
  summary?: string;
  issue?: string;
  /** The place, as describeLocation prints it. */
  where: string;
}

export interface PlanEntry {
  /** 1-based position in the plan. */
  rank: number;
  finding: Finding;
  provider: string;
  severity: Severity;
  /** What the credential probably grants: the rule's description. */
  grants: string;
  validation: Finding['validation']['status'];
  exposure: Exposure;
  places: Place[];
  locations: number;
  /** Locations with issue-tracker places counted ISSUE_TRACKER_WEIGHT times. */
  weightedLocations: number;
  firstExposed?: FirstExposed;
  rotation?: Rotation;
  docs?: string;
}

/** The place of one location. An archive inside a git blob keeps its git state; a plain archive is `archive`. */
export function placeOf(loc: Location): Place {
  const p = loc.provenance;
  if (p.kind === 'jira' || loc.inner?.kind === 'jira') return 'issue tracker';
  if (p.kind === 'git') {
    if (p.unreachable) return 'unreachable';
    return p.atHead === true ? 'HEAD' : 'history';
  }
  if (p.kind === 'archive' || loc.inner?.kind === 'archive') return 'archive';
  return 'file';
}

/** The distinct places of a finding, in PLACES order. */
export function placesOf(f: Finding): Place[] {
  const seen = new Set(f.locations.map(placeOf));
  return PLACES.filter((p) => seen.has(p));
}

/** Present beats history-only beats unreachable-only; a plain file or an issue is present. */
export function exposureOf(f: Finding): Exposure {
  const places = new Set(f.locations.map(placeOf));
  if ([...places].some((p) => p !== 'history' && p !== 'unreachable')) return 'still present';
  return places.has('history') ? 'history only' : 'unreachable only';
}

/** Parses a git or Jira date (`2025-03-10T12:00:00.000+0000` too); NaN when it is not a date. */
export function parseDate(s: string): number {
  return Date.parse(s.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
}

/** The date, author and place of one location, when it has a date. */
function dated(loc: Location): Omit<FirstExposed, 'where'> | undefined {
  const p = loc.provenance;
  const inner = loc.inner?.kind === 'jira' ? loc.inner : undefined;
  if (inner?.date) return { date: inner.date, time: parseDate(inner.date), author: inner.author, issue: inner.issue };
  if (p.kind === 'git' && p.commit) {
    const c = p.commit;
    return { date: c.date, time: parseDate(c.date), author: c.author, email: c.email, commit: c.id, summary: c.summary };
  }
  if (p.kind === 'jira' && p.date) return { date: p.date, time: parseDate(p.date), author: p.author, issue: p.issue };
  return undefined;
}

/** The earliest dated location (the first such in location order on a tie), or undefined when none has a date. */
export function firstExposed(f: Finding): FirstExposed | undefined {
  let best: FirstExposed | undefined;
  for (const loc of f.locations) {
    const d = dated(loc);
    if (!d || Number.isNaN(d.time)) continue;
    if (!best || d.time < best.time) best = { ...d, where: describeLocation(loc) };
  }
  return best;
}

const VALIDITY: ReadonlyArray<Finding['validation']['status']> = ['valid', 'unknown', 'invalid'];

/**
 * Orders the plan: secrets exposed in a given breach window before those that were not; severity; structurally valid before unknown before invalid; still present before
 * history only before unreachable only; more (weighted) locations first; exposed longer first (undated
 * last); then by finding id so the order is stable.
 */
export function compareEntries(a: Omit<PlanEntry, 'rank'>, b: Omit<PlanEntry, 'rank'>): number {
  return Number(a.finding.window?.exposed === false) - Number(b.finding.window?.exposed === false)
    || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity)
    || VALIDITY.indexOf(a.validation) - VALIDITY.indexOf(b.validation)
    || EXPOSURES.indexOf(a.exposure) - EXPOSURES.indexOf(b.exposure)
    || b.weightedLocations - a.weightedLocations
    || (a.firstExposed?.time ?? Infinity) - (b.firstExposed?.time ?? Infinity)
    || (a.finding.id < b.finding.id ? -1 : a.finding.id > b.finding.id ? 1 : 0);
}

/** One entry per finding, most urgent first. Pure: no clock, no I/O. */
export function rotationPlan(findings: readonly Finding[], rules: readonly RuleMeta[] = []): PlanEntry[] {
  const entries = findings.map((f): Omit<PlanEntry, 'rank'> => {
    const rule = ruleOf(f, rules);
    const places = placesOf(f);
    const tracker = f.locations.filter((l) => placeOf(l) === 'issue tracker').length;
    return {
      finding: f,
      provider: f.provider,
      severity: f.severity,
      grants: rule.description,
      validation: f.validation.status,
      exposure: exposureOf(f),
      places,
      locations: f.locations.length,
      weightedLocations: f.locations.length + tracker * (ISSUE_TRACKER_WEIGHT - 1),
      firstExposed: firstExposed(f),
      rotation: f.rotation,
      docs: f.rotation?.docs ?? rule.docs,
    };
  });
  return entries.sort(compareEntries).map((e, i) => ({ rank: i + 1, ...e }));
}
