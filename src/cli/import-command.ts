// `keyhole rules import gitleaks.toml` and `keyhole scan --config gitleaks.toml`: gitleaks configurations
// translated into keyhole rules, with a per-rule account of what could not be carried over.
import fs from 'node:fs';
import { lazyPackage } from '../core/lazy.js';
import type { LoadedRule } from '../rules/compile.js';
import { importGitleaksFile, type GitleaksImport } from '../rules/gitleaks/config.js';
import { loadRules } from './load-rules.js';

const yaml = lazyPackage<typeof import('yaml')>('yaml');

function counts(imp: GitleaksImport): { imported: number; notes: number; skipped: number } {
  const n = (s: string): number => imp.report.filter((r) => r.status === s).length;
  return { imported: n('imported'), notes: n('notes'), skipped: n('skipped') };
}

/** The rules `scan --config` runs: the imported ones, after the built-ins only when `[extend] useDefault = true`. */
export function loadGitleaksRules(config: string, extraFiles: string[], quiet = false): LoadedRule[] {
  const base = loadRules(extraFiles);
  const imp = importGitleaksFile(config, { reservedIds: new Set(base.map((r) => r.spec.id)) });
  const kept = imp.useDefault ? base : base.filter((r) => !r.origin.startsWith('builtin/'));
  if (!quiet) {
    const c = counts(imp);
    process.stderr.write(
      `keyhole: ${config}: ${c.imported + c.notes} gitleaks rules imported, ${c.skipped} skipped${imp.useDefault ? ', with the built-in rules' : ' (they replace the built-in rules: no [extend] useDefault)'}; \`keyhole rules import\` tells why\n`,
    );
  }
  return [...kept, ...imp.rules];
}

export function rulesImport(file: string, opts: { output?: string; format: string }): number {
  const imp = importGitleaksFile(file, { checkBacktracking: true });
  const c = counts(imp);
  if (opts.format === 'json') {
    process.stdout.write(`${JSON.stringify({ useDefault: imp.useDefault, counts: c, notes: imp.notes, rules: imp.report }, null, 2)}\n`);
  } else {
    for (const r of imp.report) {
      if (r.status === 'skipped') process.stdout.write(`skipped   ${r.gitleaksId}: ${r.reason ?? ''}\n`);
      else if (r.status === 'notes') process.stdout.write(`imported  ${r.id ?? r.gitleaksId} (with notes)\n${r.notes.map((n) => `            - ${n}\n`).join('')}`);
      else process.stdout.write(`imported  ${r.id ?? r.gitleaksId}\n`);
    }
    for (const n of imp.notes) process.stdout.write(`note: ${n}\n`);
    process.stdout.write(`${imp.report.length} rules: ${c.imported} imported, ${c.notes} imported with notes, ${c.skipped} skipped\n`);
  }
  if (opts.output) {
    const header = `# Imported from ${file} by keyhole rules import. Load with: keyhole scan --rules ${opts.output}\n`;
    fs.writeFileSync(opts.output, header + yaml().stringify({ rules: imp.specs }, { lineWidth: 0 }));
    process.stderr.write(`keyhole: wrote ${imp.specs.length} rules to ${opts.output}\n`);
  }
  return 0;
}
