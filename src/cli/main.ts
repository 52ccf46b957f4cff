// The keyhole command line: parses argv, runs a command, and is the only place that sets the exit code.
import { Command, Option } from 'commander';
import fs from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import { KeyholeError, errorMessage } from '../core/errors.js';
import type { ReportFlags } from './report-command.js';
import type { ScanFlags } from './scan-command.js';
import type { TriageFlags } from './triage-command.js';
import { defaultStorePath } from '../store/paths.js';
import { VERSION } from './version.js';

// Each command's module is loaded when the command runs: start-up pays only for what it uses
// (measured: `keyhole --version` 0.29 s with every command imported up front).
const scanCommand: typeof import('./scan-command.js').scanCommand = async (...a) => {
  await prewarm(a[1]);
  return (await import('./scan-command.js')).scanCommand(...a);
};

/**
 * Starts the scan workers before the scan command's modules load, so that the two start-ups overlap.
 * Not when a store already exists: a rescan of unchanged repositories reads nothing and needs no worker.
 */
async function prewarm(flags: ScanFlags): Promise<void> {
  const jobs = flags.jobs === undefined ? os.availableParallelism() : Number(flags.jobs);
  if (!(Number.isInteger(jobs) && jobs > 1 && jobs <= 256)) return;
  if (jobs >= os.availableParallelism()) busyCores();
  const store = flags.store === false ? undefined : typeof flags.store === 'string' ? flags.store : defaultStorePath(process.cwd());
  if (store !== undefined && fs.existsSync(store)) return;
  const { prewarmWorkers, workerThreads } = await import('../pipeline/prewarm.js');
  prewarmWorkers(workerThreads(jobs));
}
/**
 * Every core will run a scan thread: V8's optimizing compiler, which runs beside them, then takes its
 * time from the scan instead of from an idle core (on 2 cores, ~0.5 s of compiling in a 1.4 s scan).
 * A larger interrupt budget (how much bytecode a function runs between V8's checks for optimizing it;
 * V8's default is 132 KB) leaves the compiler only the hottest functions: 5-7% less wall time measured
 * on 2 cores (alternated runs). With a core to spare the default is faster: the compiler runs there.
 */
function busyCores(): void {
  v8.setFlagsFromString('--interrupt-budget=409600');
}

const reportCommand = async (...a: Parameters<typeof import('./report-command.js').reportCommand>) => (await import('./report-command.js')).reportCommand(...a);
const triageCommand = async (...a: Parameters<typeof import('./triage-command.js').triageCommand>) => (await import('./triage-command.js')).triageCommand(...a);
const rulesList = async (...a: Parameters<typeof import('./rules-command.js').rulesList>) => (await import('./rules-command.js')).rulesList(...a);
const rulesCheck = async (...a: Parameters<typeof import('./rules-command.js').rulesCheck>) => (await import('./rules-command.js')).rulesCheck(...a);
const rulesKeywords = async (...a: Parameters<typeof import('./rules-command.js').rulesKeywords>) => (await import('./rules-command.js')).rulesKeywords(...a);
const rulesImport = async (...a: Parameters<typeof import('./import-command.js').rulesImport>) => (await import('./import-command.js')).rulesImport(...a);

const collect = (v: string, prev: string[]): string[] => [...prev, v];
/** Whether the user gave an option (rather than its default): config file limits fill in the others. */
const given = (cmd: Command) => (name: string): boolean => !['default', undefined].includes(cmd.getOptionValueSource(name));

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command('keyhole')
    .description('Find leaked credentials and sensitive material, and say what to rotate first.')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();

  const scanCmd = program
    .command('scan')
    .description('scan files, directories, git repositories (with history), clone URLs, or standard input (-) for secrets')
    .argument('<paths...>', 'files, directories, repositories or clone URLs to scan; - reads standard input')
    .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'json', 'jsonl', 'sarif', 'csv', 'html', 'plan']).default('text'))
    .option('-o, --output <file>', 'write the report to a file (created owner-only) instead of stdout')
    .option('-e, --exclude <glob>', 'skip paths matching a glob (repeatable)', collect, [])
    .option('--no-ignore', 'do not honour .gitignore files')
    .option('--max-file-size <size>', 'skip files larger than this', '100M')
    .option('-j, --jobs <n>', 'worker threads (default: all cores)')
    .option('-q, --quiet', 'no progress line and no per-input warnings on stderr')
    .option('--show-secrets', 'print raw secrets in the report (redacted by default)')
    .option('--show-invalid', 'also report tokens whose structure is invalid (wrong checksum, say)')
    .option('-r, --rules <file>', 'load extra rules from a YAML rule file (repeatable)', collect, [])
    .option('--config <file>', 'also run the rules of a gitleaks configuration (TOML); they replace the built-in rules unless it says [extend] useDefault = true')
    .option('--profile <file>', 'write per-rule timings as JSON to a file')
    .option('--exposed-between <window>', 'mark each secret exposed or not to an attacker with access in a window (FROM..TO or ..TO): present on the server up to TO counts, git history included')
    .option('--marking <text>', 'a classification marking that makes a document a finding (repeatable; replaces the defaults)', collect, [])
    .option('--no-markings', 'do not report classification markings')
    .option('--no-analyzers', 'regex rules only: no format analyzers, archives or Jira export parsing')
    .option('--archive-depth <n>', 'open archives nested this deep', '3')
    .option('--archive-max-bytes <size>', 'stop expanding an archive after this many uncompressed bytes', '256M')
    .option('--archive-max-entries <n>', 'stop expanding an archive after this many members', '10000')
    .option('--staged', 'git: scan what is staged for the next commit (for a pre-commit hook)')
    .option('--range <A..B>', 'git: scan what the commits in a revision range add (for CI: origin/main..HEAD)')
    .option('--since <date>', 'git: scan only commits after a date (2024-01-31, "2 weeks ago")')
    .option('--branch <name>', 'git: scan only the history reachable from a branch')
    .option('--no-unreachable', 'git: leave out objects no branch or tag reaches')
    .option('--no-history', 'git: scan the HEAD tree only')
    .option('--no-git', 'scan repositories as plain files (no history)')
    .option('--store <file>', 'record the scan in this store (default: .keyhole/keyhole.db in the current directory)')
    .option('--no-store', 'do not record the scan (and rescan everything)')
    .option('--store-secrets', 'keep raw secrets in the store (for later live verification); the store is then owner-only')
    .option('--baseline <file>', 'report only findings not in this baseline (see keyhole baseline create)')
    .option('--config-file <file>', 'read settings from this .keyhole.yaml (default: .keyhole.yaml in the current directory)')
    .option('--no-config-file', 'do not read .keyhole.yaml')
    .action(async (paths: string[], flags: ScanFlags, cmd: Command) => {
      code = await scanCommand(paths, flags, given(cmd));
    });

  // `baseline create FILE PATH…` takes every scan option but the report's.
  const baselineCreate = program.command('baseline').description('record the findings a team already knows, so scans report only new ones')
    .command('create').description('scan, then write the findings to FILE as a baseline (ids and redacted secrets, owner-only)')
    .argument('<file>', 'the baseline file to write').argument('<paths...>', 'what to scan, as keyhole scan');
  for (const o of scanCmd.options) if (!['format', 'output', 'baseline', 'showSecrets'].includes(o.attributeName())) baselineCreate.addOption(o);
  baselineCreate.action(async (file: string, paths: string[], flags: ScanFlags, cmd: Command) => {
    code = await scanCommand(paths, { ...flags, format: 'text', createBaseline: file }, given(cmd));
  });

  program
    .command('report')
    .description('report the findings recorded in the store, filtered, in any report format')
    .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'json', 'jsonl', 'sarif', 'csv', 'html', 'plan']).default('text'))
    .option('--store <file>', 'the store to read (default: .keyhole/keyhole.db in the current directory)')
    .option('-o, --output <file>', 'write the report to a file (created owner-only) instead of stdout')
    .option('--source <source>', 'only locations in this repository, or at or under this path')
    .option('--severity <list>', 'only these severities (comma-separated or repeated)', collect, [])
    .option('--status <list>', 'only these triage states: open, false-positive, revoked, accepted-risk', collect, [])
    .option('--category <list>', 'only these rule categories', collect, [])
    .option('--since <date>', 'only locations exposed on or after this date (commit or issue date, else first seen)')
    .option('--until <date>', 'only locations exposed on or before this date')
    .option('--show-secrets', 'print raw secrets, when the store kept them (--store-secrets)')
    .option('--exposed-between <window>', 'mark each secret exposed or not to an attacker with access in a window (FROM..TO or ..TO): present on the server up to TO counts, git history included')
    .action(async (flags: ReportFlags) => {
      code = await reportCommand(flags);
    });

  program
    .command('triage')
    .description('set the triage state of a finding in the store (kept across rescans)')
    .argument('<id>', 'the finding id, or a unique prefix of it')
    .addOption(new Option('--status <status>', 'the new state').choices(['open', 'false-positive', 'revoked', 'accepted-risk']).makeOptionMandatory())
    .option('--note <text>', 'why (recorded in the triage log)')
    .option('--store <file>', 'the store (default: .keyhole/keyhole.db in the current directory)')
    .option('-q, --quiet', 'print nothing')
    .action(async (id: string, flags: TriageFlags) => {
      code = await triageCommand(id, flags);
    });

  const rules = program.command('rules').description('list and check the detection rules');
  rules
    .command('list')
    .description('list every rule')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-r, --rules <file>', 'also load rules from this YAML file (repeatable)', collect, [])
    .action(async (flags: { format: string; rules: string[] }) => {
      code = await rulesList(flags);
    });
  rules
    .command('check')
    .description("run every rule's examples and negative examples")
    .option('--rule <id>', 'check one rule only')
    .option('-r, --rules <file>', 'also check rules from this YAML file (repeatable)', collect, [])
    .action(async (flags: { rules: string[]; rule?: string }) => {
      code = await rulesCheck(flags);
    });
  rules
    .command('import')
    .description('translate a gitleaks configuration (TOML) into keyhole rules, saying per rule what was carried over')
    .argument('<file>', 'the gitleaks configuration (gitleaks.toml)')
    .option('-o, --output <file>', 'write the imported rules as a keyhole rule file (YAML)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (file: string, flags: { output?: string; format: string }) => {
      code = await rulesImport(file, flags);
    });
  rules
    .command('keywords')
    .description('print the prefilter keywords, one per line')
    .option('-r, --rules <file>', 'also load rules from this YAML file (repeatable)', collect, [])
    .action(async (flags: { rules: string[] }) => {
      code = await rulesKeywords(flags);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
    }
    if (err instanceof KeyholeError) process.stderr.write(`keyhole: ${err.message}\n`);
    else process.stderr.write(`keyhole: internal error: ${errorMessage(err)}\n${(err as Error)?.stack ?? ''}\n`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`keyhole: ${errorMessage(err)}\n`);
    process.exitCode = 2;
  },
);
