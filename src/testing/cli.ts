// Test helpers: run the built CLI as a user would, and make temporary directories.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/keyhole.js', import.meta.url));
export const SHARED = path.resolve(fileURLToPath(new URL('../../../shared', import.meta.url)));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `keyhole scan` records into a store in the current directory by default: tests scan without one
 * (each scan from scratch, nothing written beside the tests) unless they pass `store: true` or name
 * `--store`/`--no-store` themselves.
 */
function withStoreDefault(args: string[], store: boolean | undefined): string[] {
  if (store || args[0] !== 'scan' || args.some((a) => a === '--no-store' || a === '--store' || a.startsWith('--store='))) return args;
  return [...args, '--no-store'];
}

export function runCli(args: string[], opts: { input?: string | Buffer; cwd?: string; store?: boolean } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...withStoreDefault(args, opts.store)], {
    input: opts.input ?? '',
    cwd: opts.cwd ?? process.cwd(),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function runCliAsync(args: string[], opts: { cwd?: string; store?: boolean } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...withStoreDefault(args, opts.store)], { cwd: opts.cwd ?? process.cwd() });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export function tempDir(prefix = 'keyhole-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes a tree of files: { 'a/b.txt': 'text' }. */
export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [p, content] of Object.entries(files)) {
    const full = path.join(root, p);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
}
