// Runs a scan: sources -> seen-blob gate -> worker pool -> findings, with progress, per-input errors and interruption.
import { performance } from 'node:perf_hooks';
import type { Finding, Match, Provenance, ScanIssue, ScanStats } from '../core/types.js';
import type { AnalyzeSettings } from '../detect/analyzers/types.js';
import type { RuleProfile } from '../detect/engine.js';
import { buildRuleSet, type LoadedRule } from '../rules/compile.js';
import type { Source, SourceItem } from '../sources/source.js';
import { FindingSet } from './aggregate.js';
import { createPool } from './pool.js';
import type { WorkItem } from './protocol.js';
import type { FileResult } from './scan-file.js';

export interface ScanRequest {
  sources: Source[];
  rules: LoadedRule[];
  jobs: number;
  maxFileSize: number;
  includeInvalid: boolean;
  /** Analyzer limits and markings (defaults in DEFAULT_ANALYZE); false turns the analyzers off. */
  analyze?: Partial<AnalyzeSettings> | false;
  profile?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export interface Progress {
  files: number;
  bytes: number;
  findings: number;
  seconds: number;
}

export interface ProfileSummary {
  rules: { id: string; ms: number; runs: number; matches: number }[];
  prefilterMs: number;
  decodeMs: number;
  totalMs: number;
}

export interface ScanOutcome {
  findings: Finding[];
  issues: ScanIssue[];
  stats: ScanStats;
  interrupted: boolean;
  rulesVersion: string;
  profile?: ProfileSummary;
}

const BATCH_FILES = 64;
const BATCH_BYTES = 4 << 20;

/** Where a submitted item's results go: its provenance, and the blob id it stands for (if any). */
interface Pending {
  provenance: Provenance;
  blobId?: string;
}

export async function runScan(req: ScanRequest): Promise<ScanOutcome> {
  const t0 = performance.now();
  const rs = buildRuleSet(req.rules);
  const findings = new FindingSet(rs.rules);
  const issues: ScanIssue[] = [];
  const stats: ScanStats = { files: 0, bytes: 0, binarySkipped: 0, tooLargeSkipped: 0, errors: 0, seconds: 0 };
  const pool = createPool({
    jobs: req.jobs,
    rules: req.rules,
    scan: { maxFileSize: req.maxFileSize, includeInvalid: req.includeInvalid, ...(req.analyze !== undefined ? { analyze: req.analyze } : {}) },
    profile: !!req.profile,
  });
  const pending = new Map<number, Pending>();
  // Seen-blob gate: blob id -> its matches once scanned, or the provenances waiting for them.
  const blobMatches = new Map<string, Match[]>();
  const blobWaiting = new Map<string, Provenance[]>();
  let seq = 0;
  let lastProgress = 0;

  const progress = (): void => {
    if (!req.onProgress) return;
    const now = performance.now();
    if (now - lastProgress < 200) return;
    lastProgress = now;
    req.onProgress({ files: stats.files, bytes: stats.bytes, findings: findings.size, seconds: (now - t0) / 1000 });
  };
  const skipped = (reason: 'binary' | 'too-large', input: string, bytes: number): void => {
    if (reason === 'binary') stats.binarySkipped++;
    else {
      stats.tooLargeSkipped++;
      issues.push({ input, code: 'TOO_LARGE', message: `skipped: ${bytes} bytes is over --max-file-size ${req.maxFileSize}`, level: 'note' });
    }
  };
  const onResult = (id: number, r: FileResult): void => {
    const p = pending.get(id)!;
    pending.delete(id);
    const input = p.provenance.path;
    if (r.status === 'error') {
      stats.errors++;
      issues.push({ input, code: r.error?.code ?? 'ERROR', message: r.error?.message ?? 'unreadable' });
    } else if (r.status !== 'ok') {
      skipped(r.status, input, r.bytes);
    } else {
      stats.files++;
      stats.bytes += r.bytes;
    }
    for (const i of r.issues ?? []) issues.push({ input: i.member !== undefined ? `${input}!${i.member}` : input, code: i.code, message: i.message });
    for (const m of r.matches) findings.add(m, p.provenance);
    if (p.blobId !== undefined) {
      blobMatches.set(p.blobId, r.matches);
      for (const prov of blobWaiting.get(p.blobId) ?? []) for (const m of r.matches) findings.add(m, prov);
      blobWaiting.delete(p.blobId);
    }
    progress();
  };

  let batch: WorkItem[] = [];
  let batchBytes = 0;
  const flush = async (): Promise<void> => {
    if (!batch.length) return;
    const items = batch;
    batch = [];
    batchBytes = 0;
    await pool.submit(items, onResult);
  };
  const queue = async (item: Omit<WorkItem, 'id'>, p: Pending, size: number): Promise<void> => {
    const id = ++seq;
    pending.set(id, p);
    batch.push({ ...item, id });
    batchBytes += size;
    if (batch.length >= BATCH_FILES || batchBytes >= BATCH_BYTES) await flush();
  };
  const take = async (item: SourceItem): Promise<void> => {
    switch (item.kind) {
      case 'issue':
        if (item.issue.level !== 'note') stats.errors++;
        issues.push(item.issue);
        return;
      case 'skipped':
        skipped(item.reason, item.input, item.bytes);
        return;
      case 'file':
        await queue({ path: item.path }, { provenance: item.provenance }, item.size);
        return;
      case 'blob': {
        if (item.id !== undefined) {
          const done = blobMatches.get(item.id);
          if (done) {
            for (const m of done) findings.add(m, item.provenance);
            return;
          }
          const waiting = blobWaiting.get(item.id);
          if (waiting) {
            waiting.push(item.provenance);
            return;
          }
          blobWaiting.set(item.id, []);
        }
        await queue({ bytes: item.bytes, name: item.provenance.path }, { provenance: item.provenance, ...(item.id !== undefined ? { blobId: item.id } : {}) }, item.bytes.length);
      }
    }
  };

  let profile: ProfileSummary | undefined;
  try {
    for (const source of req.sources) {
      if (req.signal?.aborted) break;
      try {
        for await (const item of source.items(req.signal)) {
          if (req.signal?.aborted) break;
          await take(item);
        }
      } catch (err) {
        stats.errors++;
        issues.push({ input: source.name, code: 'SOURCE_FAILED', message: (err as Error).message });
      }
    }
    await flush();
    await pool.drain();
  } finally {
    const prof = await pool.profile().catch(() => undefined);
    await pool.close();
    if (prof) profile = summarizeProfile(rs.rules.map((r) => r.id), prof, performance.now() - t0);
  }
  const list = findings.list();
  for (const source of req.sources) {
    if (!source.resolve) continue;
    try {
      issues.push(...(await source.resolve(list, req.signal)));
    } catch (err) {
      stats.errors++;
      issues.push({ input: source.name, code: 'RESOLVE_FAILED', message: (err as Error).message });
    }
  }
  stats.seconds = +((performance.now() - t0) / 1000).toFixed(3);
  return { findings: list, issues, stats, interrupted: !!req.signal?.aborted, rulesVersion: rs.version, ...(profile ? { profile } : {}) };
}

function summarizeProfile(ids: string[], p: RuleProfile, totalMs: number): ProfileSummary {
  return {
    rules: ids.map((id, i) => ({ id, ms: +p.ms[i]!.toFixed(2), runs: p.runs[i]!, matches: p.matches[i]! })).sort((a, b) => b.ms - a.ms),
    prefilterMs: +p.prefilterMs.toFixed(1),
    decodeMs: +p.decodeMs.toFixed(1),
    totalMs: +totalMs.toFixed(1),
  };
}
