// The keyhole command line: parses argv, runs a command, and is the only place that sets the exit code.
import { Command, Option } from 'commander';
import { KeyholeError, errorMessage } from '../core/errors.js';
import { rulesCheck, rulesKeywords, rulesList } from './rules-command.js';
import { scanCommand, type ScanFlags } from './scan-command.js';
import { VERSION } from './version.js';

const collect = (v: string, prev: string[]): string[] => [...prev, v];

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command('keyhole')
    .description('Find leaked credentials and sensitive material, and say what to rotate first.')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();

  program
    .command('scan')
    .description('scan files, directories, git repositories (with history), clone URLs, or standard input (-) for secrets')
    .argument('<paths...>', 'files, directories, repositories or clone URLs to scan; - reads standard input')
    .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'json', 'jsonl', 'sarif', 'csv']).default('text'))
    .option('-o, --output <file>', 'write the report to a file (created owner-only) instead of stdout')
    .option('-e, --exclude <glob>', 'skip paths matching a glob (repeatable)', collect, [])
    .option('--no-ignore', 'do not honour .gitignore files')
    .option('--max-file-size <size>', 'skip files larger than this', '100M')
    .option('-j, --jobs <n>', 'worker threads (default: all cores)')
    .option('-q, --quiet', 'no progress line and no per-input warnings on stderr')
    .option('--show-secrets', 'print raw secrets in the report (redacted by default)')
    .option('--show-invalid', 'also report tokens whose structure is invalid (wrong checksum, say)')
    .option('-r, --rules <file>', 'load extra rules from a YAML rule file (repeatable)', collect, [])
    .option('--profile <file>', 'write per-rule timings as JSON to a file')
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
    .action(async (paths: string[], flags: ScanFlags) => {
      code = await scanCommand(paths, flags);
    });

  const rules = program.command('rules').description('list and check the detection rules');
  rules
    .command('list')
    .description('list every rule')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-r, --rules <file>', 'also load rules from this YAML file (repeatable)', collect, [])
    .action((flags: { format: string; rules: string[] }) => {
      code = rulesList(flags);
    });
  rules
    .command('check')
    .description("run every rule's examples and negative examples")
    .option('--rule <id>', 'check one rule only')
    .option('-r, --rules <file>', 'also check rules from this YAML file (repeatable)', collect, [])
    .action((flags: { rules: string[]; rule?: string }) => {
      code = rulesCheck(flags);
    });
  rules
    .command('keywords')
    .description('print the prefilter keywords, one per line')
    .option('-r, --rules <file>', 'also load rules from this YAML file (repeatable)', collect, [])
    .action((flags: { rules: string[] }) => {
      code = rulesKeywords(flags);
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
