// The data the HTML report embeds: summary figures, chart series and findings, already redacted.
import { SEVERITIES, type Finding, type Location, type Severity } from '../../core/types.js';
import { describeLocation } from '../location.js';
import { firstExposed, placeOf, placesOf, PLACES, rotationPlan, type Place } from '../plan.js';
import { describeFirstExposed } from '../plan-text.js';
import { contextText, secretText } from '../redaction.js';
import { describeValidation } from '../text.js';
import type { ReportInput } from '../types.js';

export interface Bar {
  label: string;
  value: number;
}

export interface Chart {
  id: string;
  title: string;
  /** `time`: one column per month, in order; `bars`: one horizontal bar per label, largest first. */
  kind: 'time' | 'bars';
  bars: Bar[];
  note?: string;
}

export interface HtmlLocation {
  where: string;
  place: Place;
  source: string;
  context: string;
  encoding?: string;
  detail?: string;
  commit?: { id: string; author: string; email: string; date: string; summary: string };
  refs?: string;
  issue?: { author?: string; date?: string };
}

export interface HtmlFinding {
  id: string;
  /** Position in the rotation plan (1 = rotate first). */
  rank: number;
  severity: Severity;
  ruleId: string;
  ruleName: string;
  provider: string;
  category: string;
  secret: string;
  validation: string;
  validationStatus: Finding['validation']['status'];
  places: Place[];
  sources: string[];
  first?: string;
  firstTime?: number;
  locations: HtmlLocation[];
  rotation?: string;
  docs?: string;
}

export interface HtmlData {
  tool: { name: string; version: string };
  summary: {
    findings: number;
    bySeverity: Array<[Severity, number]>;
    locations: number;
    sources: number;
    atHead: number;
    files: number;
    megabytes: string;
    seconds: string;
  };
  charts: Chart[];
  findings: HtmlFinding[];
}

/** The repository a location belongs to, or its top-level source: the export file, the archive, the first path segment. */
export function sourceOf(loc: Location): string {
  const p = loc.provenance;
  switch (p.kind) {
    case 'git':
      return p.repo;
    case 'jira':
    case 'archive':
    case 'stdin':
      return p.path;
    case 'file': {
      const parts = p.path.split(/[\\/]/);
      const top = p.path.startsWith('/') ? `/${parts[1] ?? ''}` : (parts[0] ?? p.path);
      return parts.length > 1 ? top : '.';
    }
  }
}

function htmlLocation(f: Finding, loc: Location, showSecrets: boolean): HtmlLocation {
  const p = loc.provenance;
  const out: HtmlLocation = { where: describeLocation(loc), place: placeOf(loc), source: sourceOf(loc), context: contextText(f, loc, showSecrets) };
  if (loc.encoding && loc.encoding.length > 0) out.encoding = loc.encoding.join('+');
  if (loc.detail) out.detail = loc.detail;
  if (p.kind === 'git' && p.commit) out.commit = { ...p.commit };
  if (p.kind === 'git' && p.refs && p.refs.length > 0) out.refs = p.refs.join(', ');
  const jira = loc.inner?.kind === 'jira' ? loc.inner : p.kind === 'jira' ? p : undefined;
  if (jira && (jira.author || jira.date)) out.issue = { author: jira.author, date: jira.date };
  return out;
}

/** Counts per label, largest first (ties by label). */
function tally(labels: Iterable<string>): Bar[] {
  const m = new Map<string, number>();
  for (const l of labels) m.set(l, (m.get(l) ?? 0) + 1);
  return [...m].map(([label, value]) => ({ label, value })).sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
}

/** At most `max` bars: the largest, then one bar that sums the rest. */
export function topBars(bars: Bar[], max = 12): Bar[] {
  if (bars.length <= max) return bars;
  const rest = bars.slice(max - 1);
  return [...bars.slice(0, max - 1), { label: `${rest.length} others`, value: rest.reduce((n, b) => n + b.value, 0) }];
}

/** `2023-04`, in UTC. */
const month = (t: number): string => new Date(t).toISOString().slice(0, 7);

/** Secrets by the month they were first exposed, every month between the first and last included. */
export function timeBars(times: readonly number[]): Bar[] {
  if (times.length === 0) return [];
  const counts = tally(times.map(month));
  const first = new Date(Math.min(...times));
  const last = month(Math.max(...times));
  const bars: Bar[] = [];
  for (let y = first.getUTCFullYear(), m = first.getUTCMonth(); ; m++) {
    if (m === 12) { y++; m = 0; }
    const label = `${y}-${String(m + 1).padStart(2, '0')}`;
    bars.push({ label, value: counts.find((c) => c.label === label)?.value ?? 0 });
    if (label >= last) break;
  }
  return bars;
}

export function htmlData(input: ReportInput): HtmlData {
  const plan = rotationPlan(input.findings, input.rules);
  const findings = plan.map(({ rank, finding: f }): HtmlFinding => {
    const first = firstExposed(f);
    return {
      id: f.id,
      rank,
      severity: f.severity,
      ruleId: f.ruleId,
      ruleName: f.ruleName,
      provider: f.provider,
      category: f.category,
      secret: secretText(f, input.showSecrets),
      validation: describeValidation(f.validation),
      validationStatus: f.validation.status,
      places: placesOf(f),
      sources: [...new Set(f.locations.map(sourceOf))],
      ...(first ? { first: describeFirstExposed(first), firstTime: first.time } : {}),
      locations: f.locations.map((l) => htmlLocation(f, l, input.showSecrets)),
      ...(f.rotation ? { rotation: f.rotation.steps.trim() } : {}),
      ...(plan[rank - 1]?.docs ? { docs: plan[rank - 1]?.docs } : {}),
    };
  });
  const times = findings.flatMap((f) => (f.firstTime !== undefined ? [f.firstTime] : []));
  const undated = findings.length - times.length;
  const placeCounts = tally(findings.flatMap((f) => f.places));
  const charts: Chart[] = [
    {
      id: 'chart-time', title: 'Secrets first exposed, by month', kind: 'time', bars: timeBars(times),
      ...(undated > 0 ? { note: `${undated} with no dated location (plain files, archives) not shown` } : {}),
    },
    { id: 'chart-provider', title: 'Secrets by provider', kind: 'bars', bars: topBars(tally(findings.map((f) => f.provider))) },
    { id: 'chart-source', title: 'Secrets by repository or source', kind: 'bars', bars: topBars(tally(findings.flatMap((f) => f.sources))) },
    {
      id: 'chart-place', title: 'Secrets by place', kind: 'bars',
      bars: PLACES.flatMap((p) => placeCounts.filter((c) => c.label === p)),
      note: 'A secret seen in several places counts once in each.',
    },
  ];
  const { stats } = input;
  return {
    tool: { name: input.tool.name, version: input.tool.version },
    summary: {
      findings: findings.length,
      bySeverity: SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length]),
      locations: findings.reduce((n, f) => n + f.locations.length, 0),
      sources: new Set(findings.flatMap((f) => f.sources)).size,
      atHead: findings.filter((f) => f.places.includes('HEAD')).length,
      files: stats.files,
      megabytes: (stats.bytes / (1024 * 1024)).toFixed(1),
      seconds: stats.seconds.toFixed(1),
    },
    charts,
    findings,
  };
}
