// `keyhole scan`: options -> runScan -> report -> exit code (0 nothing found, 1 findings, 2 error, 130 interrupted).
import { applyWindow, parseWindow } from '../report/window.js';
import fs from 'node:fs';
import { KeyholeError } from '../core/errors.js';
import { DEFAULT_MARKINGS, type AnalyzeSettings } from '../detect/analyzers/types.js';
import { runScan, type Progress } from '../pipeline/scan.js';
import { formatters } from '../report/index.js';
import { openSources, type GitOpenOptions } from '../sources/open.js';
import { newFindings, readBaseline } from '../baseline/baseline.js';
import { allowFindings, configureLimits, configureRules } from '../config/apply.js';
import { findConfig } from '../config/load.js';
import { writeBaselineFor } from './baseline-command.js';
import { loadRules, ruleMeta } from './load-rules.js';
import { ScanStore, STORE_DIR, type StoreFlags } from './scan-store.js';
import { loadGitleaksRules } from './import-command.js';
import { gitleaksIgnore, gitleaksIgnoreFor } from '../rules/gitleaks/ignore.js';
import { parseFormat, parseJobs, parseSize } from './options.js';
import { writeReport } from './output.js';
import { VERSION } from './version.js';

export interface ScanFlags extends StoreFlags {
  exposedBetween?: string;
  format: string;
  output?: string;
  exclude: string[];
  ignore: boolean;
  maxFileSize: string;
  marking: string[];
  markings: boolean;
  analyzers: boolean;
  archiveDepth: string;
  archiveMaxBytes: string;
  archiveMaxEntries: string;
  jobs?: string;
  quiet?: boolean;
  showSecrets?: boolean;
  showInvalid?: boolean;
  rules: string[];
  /** A gitleaks configuration (TOML) whose rules run too (instead of the built-ins without [extend] useDefault). */
  config?: string;
  profile?: string;
  staged?: boolean;
  range?: string;
  since?: string;
  branch?: string;
  /** false with --no-unreachable */
  unreachable?: boolean;
  /** false with --no-history */
  history?: boolean;
  /** false with --no-git */
  git?: boolean;
  /** Report only findings not in this baseline file. */
  baseline?: string;
  /** A `.keyhole.yaml` to use; false with --no-config-file (default: the one in the current directory). */
  configFile?: string | boolean;
  /** Set by `keyhole baseline create FILE`: write the findings there as a baseline instead of a report. */
  createBaseline?: string;
}

function gitOptions(flags: ScanFlags, maxFileSize: number, skipBlob?: (id: string) => boolean): GitOpenOptions | false {
  if (flags.git === false) return false;
  return {
    maxFileSize,
    ...(skipBlob ? { skipBlob } : {}),
    ...(flags.staged ? { staged: true } : {}),
    ...(flags.range !== undefined ? { range: flags.range } : {}),
    ...(flags.since !== undefined ? { since: flags.since } : {}),
    ...(flags.branch !== undefined ? { branch: flags.branch } : {}),
    ...(flags.unreachable === false ? { noUnreachable: true } : {}),
    ...(flags.history === false ? { noHistory: true } : {}),
  };
}

/** Analyzer settings from the flags: the markings list, archive limits, or no analyzers at all. */
function analyzeSettings(flags: ScanFlags): Partial<AnalyzeSettings> | false {
  if (!flags.analyzers) return false;
  const whole = (text: string, flag: string, min: number): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new KeyholeError('USAGE', `${flag}: "${text}" is not a whole number >= ${min}`);
    return n;
  };
  return {
    markings: flags.markings ? (flags.marking.length ? flags.marking : DEFAULT_MARKINGS) : [],
    maxDepth: whole(flags.archiveDepth, '--archive-depth', 0),
    maxArchiveBytes: parseSize(flags.archiveMaxBytes, '--archive-max-bytes'),
    maxEntries: whole(flags.archiveMaxEntries, '--archive-max-entries', 1),
  };
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function progressLine(p: Progress): string {
  const mb = p.bytes / 1e6;
  return `\r\x1b[Kfiles ${p.files}  ${mb.toFixed(1)} MB  ${(mb / Math.max(p.seconds, 0.001)).toFixed(1)} MB/s  findings ${p.findings}`;
}

/** `given(flag)`: whether the user set an option (not its default), so that `.keyhole.yaml` limits fill in the rest. */
export async function scanCommand(paths: string[], cliFlags: ScanFlags, given: (flag: string) => boolean = () => true): Promise<number> {
  if (paths.length === 0) throw new KeyholeError('USAGE', 'scan: name at least one path (a file, a directory, or - for standard input)');
  const config = findConfig(cliFlags.configFile);
  const flags = configureLimits(cliFlags, config, given);
  const baseline = flags.baseline !== undefined ? readBaseline(flags.baseline) : undefined;
  const format = parseFormat(flags.format);
  const rules = configureRules((flags.config !== undefined ? loadGitleaksRules(flags.config, flags.rules, !!flags.quiet) : loadRules(flags.rules)), config);
  const maxFileSize = parseSize(flags.maxFileSize, '--max-file-size');
  const stored = flags.createBaseline === undefined ? ScanStore.open(flags, paths) : undefined;
  const sources = openSources(paths, {
    exclude: [...flags.exclude, ...(config?.allow.paths ?? []), STORE_DIR],
    gitignore: flags.ignore,
    readStdin,
    git: gitOptions(flags, maxFileSize, stored?.skipBlob),
  });
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\ninterrupted: writing what was found so far (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  const showProgress = !flags.quiet && process.stderr.isTTY;
  try {
    const outcome = await runScan({
      sources,
      rules,
      jobs: parseJobs(flags.jobs),
      maxFileSize,
      includeInvalid: !!flags.showInvalid,
      analyze: analyzeSettings(flags),
      profile: !!flags.profile,
      signal: controller.signal,
      ...(stored ? { memory: stored.memory } : {}),
      ...(showProgress ? { onProgress: (p: Progress) => process.stderr.write(progressLine(p)) } : {}),
    });
    if (showProgress) process.stderr.write('\r\x1b[K');
    stored?.finish(outcome);
    const allowed = gitleaksIgnore(allowFindings(outcome.findings, config), gitleaksIgnoreFor(paths));
    if (flags.createBaseline !== undefined) return writeBaselineFor(flags.createBaseline, allowed, outcome, !!flags.quiet);
    const kept = baseline ? newFindings(allowed, baseline) : allowed;
    const findings = flags.exposedBetween !== undefined ? applyWindow(kept, parseWindow(flags.exposedBetween)) : kept;
    const meta = ruleMeta(rules);
    const text = formatters[format]({
      findings,
      issues: outcome.issues,
      stats: outcome.stats,
      showSecrets: !!flags.showSecrets,
      tool: { name: 'keyhole', version: VERSION },
      rules: meta,
      color: format === 'text' && !flags.output && process.stdout.isTTY,
    });
    writeReport(text, flags.output);
    if (flags.profile) fs.writeFileSync(flags.profile, JSON.stringify(outcome.profile ?? {}, null, 2));
    if (!flags.quiet && format !== 'text') {
      for (const i of outcome.issues) process.stderr.write(`keyhole: ${i.level === 'note' ? 'note: ' : ''}${i.input}: ${i.message}\n`);
    }
    if (outcome.interrupted) return 130;
    if (findings.length) return 1;
    return outcome.stats.errors > 0 ? 2 : 0;
  } finally {
    process.off('SIGINT', onSigint);
    stored?.close();
  }
}
