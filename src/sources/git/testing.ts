// Test helpers: build git repositories with real git, fixed authors and dates; scan them with runScan.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Finding, Location, Provenance } from '../../core/types.js';
import { runScan, type ScanOutcome } from '../../pipeline/scan.js';
import { loadBuiltinRules } from '../../rules/load.js';
import type { LoadedRule } from '../../rules/compile.js';
import { openSources, type GitOpenOptions } from '../open.js';

export type GitLoc = Location & { provenance: Extract<Provenance, { kind: 'git' }> };

const HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-git-home-'));
let clock = Date.UTC(2024, 0, 1, 9, 0, 0) / 1000;

/** Environment for git in tests: no user or system config, one author, a date that moves a day per commit. */
export function testEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: path.join(HOME, 'gitconfig') };
  for (const k of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) delete env[k];
  const date = `${clock} +0000`;
  const who = { GIT_AUTHOR_NAME: 'Ada Tester', GIT_AUTHOR_EMAIL: 'ada@example.test', GIT_COMMITTER_NAME: 'Ada Tester', GIT_COMMITTER_EMAIL: 'ada@example.test' };
  return { ...env, ...who, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, ...extra };
}

/** Runs git in `dir`; returns trimmed stdout. */
export function g(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'protocol.file.allow=always', ...args], { cwd: dir, env: testEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
    .toString()
    .trim();
}

/** Commits with a fixed author and the next day's date; returns the commit id. */
export function commit(dir: string, message: string, who: [string, string] = ['Ada Tester', 'ada@example.test']): string {
  clock += 86400;
  const date = `${clock} +0000`;
  execFileSync('git', ['commit', '-q', '--allow-empty', '-m', message], {
    cwd: dir,
    env: testEnv({ GIT_AUTHOR_NAME: who[0], GIT_AUTHOR_EMAIL: who[1], GIT_COMMITTER_NAME: who[0], GIT_COMMITTER_EMAIL: who[1], GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return g(dir, 'rev-parse', 'HEAD');
}

export function write(dir: string, files: Record<string, string | Buffer | null>): void {
  for (const [p, content] of Object.entries(files)) {
    const full = path.join(dir, p);
    if (content === null) {
      fs.rmSync(full, { force: true });
      continue;
    }
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
}

export function tmp(prefix = 'keyhole-git-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function initRepo(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  g(dir, 'init', '-q');
  return dir;
}

let rules: LoadedRule[] | undefined;

/** Scans the inputs as the CLI would open them. */
export function scan(inputs: string[], git: GitOpenOptions | false = {}, jobs = 1): Promise<ScanOutcome> {
  rules ??= loadBuiltinRules();
  return runScan({
    sources: openSources(inputs, { exclude: [], gitignore: true, readStdin: async () => Buffer.alloc(0), git }),
    rules,
    jobs,
    maxFileSize: 100 << 20,
    includeInvalid: false,
  });
}

/** The finding whose secret is `secret` (exactly one), or undefined. */
export function findingFor(out: ScanOutcome, secret: string): Finding | undefined {
  const hits = out.findings.filter((f) => f.secret === secret);
  if (hits.length > 1) throw new Error(`${hits.length} findings for one secret`);
  return hits[0];
}

export function gitLocs(f: Finding | undefined): GitLoc[] {
  return (f?.locations ?? []).filter((l): l is GitLoc => l.provenance.kind === 'git');
}
