// `keyhole report`: findings from the store, filtered, through the same formatters as a scan.
import { applyWindow, parseWindow } from '../report/window.js';
import fs from 'node:fs';
import type { ScanStats, Severity } from '../core/types.js';
import { SEVERITIES } from '../core/types.js';
import { KeyholeError } from '../core/errors.js';
import { formatters, type FormatName } from '../report/index.js';
import { openStore, TRIAGE_STATUSES, type FindingFilter, type TriageStatus } from '../store/index.js';
import { loadRules, ruleMeta } from './load-rules.js';
import { writeReport } from './output.js';
import { storePathFor, type StoreFlags } from './scan-store.js';
import { VERSION } from './version.js';

export interface ReportFlags extends StoreFlags {
  exposedBetween?: string;
  format: string;
  output?: string;
  source?: string;
  severity: string[];
  status: string[];
  category: string[];
  since?: string;
  until?: string;
  showSecrets?: boolean;
}

function oneOf<T extends string>(values: string[], allowed: readonly T[], flag: string): T[] | undefined {
  const list = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  if (list.length === 0) return undefined;
  for (const v of list) if (!allowed.includes(v as T)) throw new KeyholeError('USAGE', `${flag}: "${v}" is not one of ${allowed.join(', ')}`);
  return list as T[];
}

/** The filter the flags ask for. */
export function reportFilter(flags: ReportFlags): FindingFilter {
  const severity = oneOf<Severity>(flags.severity, SEVERITIES, '--severity');
  const status = oneOf<TriageStatus>(flags.status, TRIAGE_STATUSES, '--status');
  const category = flags.category.flatMap((c) => c.split(',')).filter((c) => c !== '');
  return {
    ...(flags.source !== undefined ? { source: flags.source } : {}),
    ...(severity ? { severity } : {}),
    ...(status ? { status } : {}),
    ...(category.length ? { category } : {}),
    ...(flags.since !== undefined ? { since: flags.since } : {}),
    ...(flags.until !== undefined ? { until: flags.until } : {}),
  };
}

export function reportCommand(flags: ReportFlags): number {
  if (!Object.prototype.hasOwnProperty.call(formatters, flags.format)) {
    throw new KeyholeError('USAGE', `--format: "${flags.format}" is not one of ${Object.keys(formatters).join(', ')}`);
  }
  const format = flags.format as FormatName;
  const file = storePathFor({ store: flags.store ?? true });
  if (file === undefined || !fs.existsSync(file)) {
    throw new KeyholeError('INPUT_NOT_FOUND', `no store at ${file ?? '(none)'}: run keyhole scan first (or name one with --store FILE)`);
  }
  const store = openStore(file);
  try {
    const stored = store.findings(reportFilter(flags));
    const findings = flags.exposedBetween !== undefined ? applyWindow(stored, parseWindow(flags.exposedBetween)) : stored;
    const last = store.scans().filter((s) => s.status !== 'running').at(-1);
    const stats: ScanStats = { files: 0, bytes: 0, binarySkipped: 0, tooLargeSkipped: 0, errors: 0, seconds: 0, ...(last?.stats ?? {}) };
    const rules = ruleMeta(loadRules());
    const text = formatters[format]({
      findings,
      issues: [],
      stats,
      showSecrets: !!flags.showSecrets,
      tool: { name: 'keyhole', version: VERSION },
      rules,
      color: format === 'text' && !flags.output && process.stdout.isTTY,
    });
    writeReport(text, flags.output);
    return 0;
  } finally {
    store.close();
  }
}
