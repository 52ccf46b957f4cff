// What the bench needs to know about the keyhole CLI under test: is it built, which scan flags
// does it have, and what is its keyword list (for the `rg -F` floor).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { probe } from './util.mjs';

/**
 * Probes `node bin/keyhole.js`. Returns { cli, available, reason?, version?, scanHelp, hasFlag(f) }.
 * The bench runs after `npm run build`, but the CLI may still be missing or broken while the
 * engine is being written; sections then skip with a note instead of failing.
 */
export function probeKeyhole(root) {
  const cli = join(root, 'bin', 'keyhole.js');
  const info = { cli, available: false, scanHelp: '', hasFlag: () => false };
  if (!existsSync(cli)) return { ...info, reason: `${cli} does not exist (CLI not written yet?)` };
  const help = probe(process.execPath, [cli, 'scan', '--help'], { cwd: root });
  if (help.code !== 0) {
    return { ...info, reason: `\`keyhole scan --help\` exited ${help.code}: ${(help.stderr || help.stdout).trim().split('\n').slice(0, 5).join(' | ')}` };
  }
  const version = probe(process.execPath, [cli, '--version'], { cwd: root }).stdout.trim() || undefined;
  const scanHelp = help.stdout;
  return {
    cli,
    available: true,
    version,
    scanHelp,
    // A flag is "there" if `scan --help` mentions it as a whole word.
    hasFlag: (flag) => new RegExp(`(^|[\\s,])${flag.replace(/[-]/g, '\\-')}(?![\\w-])`, 'm').test(scanHelp),
  };
}

/**
 * keyhole's keyword list, lower-cased and de-duplicated. Prefers the CLI
 * (`keyhole rules keywords`, one keyword a line); falls back to reading `keywords` from the
 * built-in rule files (src/rules/builtin/*.yaml) with the `yaml` package.
 * Returns { keywords: string[], source: string } (keywords empty if neither is available).
 */
export async function keyholeKeywords(root, kh) {
  if (kh.available) {
    const r = probe(process.execPath, [kh.cli, 'rules', 'keywords'], { cwd: root });
    const list = normalise(r.stdout.split('\n'));
    if (r.code === 0 && list.length) return { keywords: list, source: '`keyhole rules keywords`' };
  }
  const dir = join(root, 'src', 'rules', 'builtin');
  if (!existsSync(dir)) return { keywords: [], source: 'none (no CLI command, no src/rules/builtin)' };
  const { parse } = await import('yaml');
  const found = [];
  for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const doc = parse(readFileSync(join(dir, name), 'utf8'));
    for (const rule of doc?.rules ?? []) {
      if (Array.isArray(rule?.keywords)) found.push(...rule.keywords);
    }
  }
  const list = normalise(found);
  return { keywords: list, source: list.length ? 'src/rules/builtin/*.yaml' : 'none (no keywords found in src/rules/builtin/*.yaml)' };
}

// Spaces are kept: a keyword such as "pw " is deliberately narrower than "pw".
function normalise(items) {
  return [...new Set(items.map((s) => String(s).replace(/\r$/, '').toLowerCase()).filter((s) => s.trim() !== ''))].sort();
}
