// Runs a scan: inputs -> walker -> worker pool -> findings, with progress, per-input errors and interruption.
import { performance } from 'node:perf_hooks';
import type { Finding, Provenance, ScanIssue, ScanStats } from '../core/types.js';
import type { RuleProfile } from '../detect/engine.js';
import { buildRuleSet, type LoadedRule } from '../rules/compile.js';
import { walk } from '../sources/fs/walk.js';
import { FindingSet } from './aggregate.js';
import { createPool } from './pool.js';
import type { WorkItem } from './protocol.js';
import type { FileResult } from './scan-file.js';

export interface ScanRequest {
  /** Paths to files or directories; '-' reads standard input. */
  inputs: string[];
  rules: LoadedRule[];
  jobs: number;
  exclude: string[];
  gitignore: boolean;
  maxFileSize: number;
  includeInvalid: boolean;
  profile?: boolean;
  signal?: AbortSignal;
  readStdin?: () => Promise<Buffer>;
  onProgress?: (p: Progress) => void;
}

export interface Progress {
  files: number;
  bytes: number;
  findings: number;
  seconds: number;
}

export interface ScanOutcome {
  findings: Finding[];
  issues: ScanIssue[];
  stats: ScanStats;
  interrupted: boolean;
  rulesVersion: string;
  profile?: { rules: { id: string; ms: number; runs: number; matches: number }[]; prefilterMs: number; decodeMs: number; totalMs: number };
}

const BATCH_FILES = 64;
const BATCH_BYTES = 4 << 20;

export async function runScan(req: ScanRequest): Promise<ScanOutcome> {
  const t0 = performance.now();
  const rs = buildRuleSet(req.rules);
  const findings = new FindingSet(rs.rules);
  const issues: ScanIssue[] = [];
  const stats: ScanStats = { files: 0, bytes: 0, binarySkipped: 0, tooLargeSkipped: 0, errors: 0, seconds: 0 };
  const pool = createPool({
    jobs: req.jobs,
    rules: req.rules,
    scan: { maxFileSize: req.maxFileSize, includeInvalid: req.includeInvalid },
    profile: !!req.profile,
  });
  const provenances = new Map<number, Provenance>();
  let seq = 0;
  let lastProgress = 0;
  const onResult = (id: number, r: FileResult): void => {
    const prov = provenances.get(id)!;
    provenances.delete(id);
    const input = prov.path;
    if (r.status === 'error') {
      stats.errors++;
      issues.push({ input, code: r.error?.code ?? 'ERROR', message: r.error?.message ?? 'unreadable' });
      return;
    }
    if (r.status === 'binary') stats.binarySkipped++;
    else if (r.status === 'too-large') {
      stats.tooLargeSkipped++;
      issues.push({ input, code: 'TOO_LARGE', message: `skipped: ${r.bytes} bytes is over --max-file-size ${req.maxFileSize}` });
    } else {
      stats.files++;
      stats.bytes += r.bytes;
    }
    for (const m of r.matches) findings.add(m, prov);
    if (req.onProgress) {
      const now = performance.now();
      if (now - lastProgress > 200) {
        lastProgress = now;
        req.onProgress({ files: stats.files, bytes: stats.bytes, findings: findings.size, seconds: (now - t0) / 1000 });
      }
    }
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
  const queue = async (item: Omit<WorkItem, 'id'>, prov: Provenance, size: number): Promise<void> => {
    const id = ++seq;
    provenances.set(id, prov);
    batch.push({ ...item, id });
    batchBytes += size;
    if (batch.length >= BATCH_FILES || batchBytes >= BATCH_BYTES) await flush();
  };

  let interrupted = false;
  let profile: ScanOutcome['profile'];
  try {
    for (const input of req.inputs) {
      if (req.signal?.aborted) break;
      if (input === '-') {
        const bytes = req.readStdin ? await req.readStdin() : Buffer.alloc(0);
        await queue({ bytes: new Uint8Array(bytes) }, { kind: 'stdin', path: '-' }, bytes.length);
        continue;
      }
      for await (const item of walk([input], { exclude: req.exclude, gitignore: req.gitignore, ...(req.signal ? { signal: req.signal } : {}) })) {
        if (req.signal?.aborted) break;
        if (item.kind === 'issue') {
          stats.errors++;
          issues.push(item.issue);
          continue;
        }
        await queue({ path: item.path }, { kind: 'file', path: item.path }, item.size);
      }
    }
    await flush();
    await pool.drain();
  } finally {
    interrupted = !!req.signal?.aborted;
    const prof = await pool.profile().catch(() => undefined);
    await pool.close();
    stats.seconds = +((performance.now() - t0) / 1000).toFixed(3);
    if (prof) profile = summarizeProfile(prof);
  }
  return { findings: findings.list(), issues, stats, interrupted, rulesVersion: rs.version, ...(profile ? { profile } : {}) };

  function summarizeProfile(p: RuleProfile): NonNullable<ScanOutcome['profile']> {
    return {
      rules: rs.rules.map((r, i) => ({ id: r.id, ms: +p.ms[i]!.toFixed(2), runs: p.runs[i]!, matches: p.matches[i]! })).sort((a, b) => b.ms - a.ms),
      prefilterMs: +p.prefilterMs.toFixed(1),
      decodeMs: +p.decodeMs.toFixed(1),
      totalMs: +(performance.now() - t0).toFixed(1),
    };
  }
}
