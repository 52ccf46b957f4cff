// `keyhole baseline create FILE [scan options] PATH…`: a scan whose findings are written as a baseline, not reported.
import { createBaseline, writeBaseline } from '../baseline/baseline.js';
import type { Finding } from '../core/types.js';
import type { ScanOutcome } from '../pipeline/scan.js';
import { VERSION } from './version.js';

/** Writes the baseline (owner-only) and says so; exit code 0, 2 when inputs failed, 130 (nothing written) when interrupted. */
export function writeBaselineFor(file: string, findings: readonly Finding[], outcome: ScanOutcome, quiet: boolean): number {
  if (outcome.interrupted) {
    process.stderr.write(`keyhole: interrupted: baseline ${file} not written\n`);
    return 130;
  }
  writeBaseline(file, createBaseline(findings, { name: 'keyhole', version: VERSION }));
  if (!quiet) {
    for (const i of outcome.issues) process.stderr.write(`keyhole: ${i.level === 'note' ? 'note: ' : ''}${i.input}: ${i.message}\n`);
    process.stderr.write(`keyhole: baseline ${file}: ${findings.length} finding${findings.length === 1 ? '' : 's'}\n`);
  }
  return outcome.stats.errors > 0 ? 2 : 0;
}
