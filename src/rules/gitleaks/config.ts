// Reads a gitleaks configuration (TOML) and translates its rules into keyhole rules, reporting per rule
// what was imported, what was approximated, and what could not be and why.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { lazyPackage } from '../../core/lazy.js';
import { KeyholeError } from '../../core/errors.js';
import { compileRule, type LoadedRule } from '../compile.js';
import { rulesFromDocument } from '../load.js';
import { GoRegexError, translateGoRegex } from './regex.js';

const toml = lazyPackage<typeof import('smol-toml')>('smol-toml');

export type RuleStatus = 'imported' | 'notes' | 'skipped';

export interface RuleReport {
  /** The rule's id in the gitleaks configuration. */
  gitleaksId: string;
  /** The keyhole id it was imported as. */
  id?: string;
  status: RuleStatus;
  notes: string[];
  reason?: string;
}

export interface GitleaksImport {
  /** Imported rules, validated against keyhole's schema and compiled once. */
  rules: LoadedRule[];
  /** The raw rule specs (what `rules import` writes as YAML), in the order of `rules`. */
  specs: Record<string, unknown>[];
  report: RuleReport[];
  /** `[extend] useDefault = true`: keep keyhole's built-in rules beside the imported ones. */
  useDefault: boolean;
  /** Notes about the configuration as a whole (global allowlist paths, extend.url, ...). */
  notes: string[];
}

export interface ImportOptions {
  /** Ids already taken (keyhole's built-ins when they are kept): an imported rule with one of them becomes gitleaks-<id>. */
  reservedIds?: ReadonlySet<string>;
  /** Time each imported regex on 50 KB adversarial lines and note slow ones (a second or two for a big config). */
  checkBacktracking?: boolean;
}

/** Rules are reported with this prefix in the origin, and carry `imported: gitleaks`. */
export const ORIGIN_PREFIX = 'gitleaks:';

const KEBAB = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const ROTATION = 'Rotate the credential at its issuer.';
/** Windows for patterns that may span lines (a PEM block): far enough for a 4096-bit key. */
const MULTILINE_AFTER = 16384;

type Table = Record<string, unknown>;
const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);
const list = (v: unknown): Table[] => (Array.isArray(v) ? v.filter(isTable) : isTable(v) ? [v] : []);

/** The issuer from the id's first word: `github-pat` → github, `1password-…` → onepassword. */
export function providerOf(id: string): string {
  const first = id.toLowerCase().split(/[^a-z0-9]+/).find((w) => w.length > 0) ?? '';
  const word = first.replace(/^[0-9]/, (d) => DIGITS[Number(d)]!);
  return /^[a-z][a-z0-9]*$/.test(word) ? word : 'gitleaks';
}

function keyholeId(id: string, taken: ReadonlySet<string>): string {
  const base = KEBAB.test(id) ? id : `gitleaks-${id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}`;
  return taken.has(base) && !base.startsWith('gitleaks-') ? `gitleaks-${base}` : base;
}

interface AllowOut {
  regexes: string[];
  stopwords: string[];
  notes: string[];
}

/**
 * One allowlist → what keyhole can test against the secret. Keyhole's allow regexes and stopwords
 * are tested against the secret only: a gitleaks regex aimed at the whole match or line is applied
 * to the secret when it has no anchors (it then hides no more than gitleaks would: the secret lies
 * inside the match), and dropped otherwise. An AND allowlist mixing criteria keyhole cannot test
 * (paths, commits) is not applied: its regexes alone would hide more than gitleaks does.
 */
function translateAllowlist(al: Table, where: string): AllowOut {
  const out: AllowOut = { regexes: [], stopwords: [], notes: [] };
  const regexes = strings(al['regexes']);
  const stopwords = strings(al['stopwords']);
  const paths = strings(al['paths']);
  const commits = strings(al['commits']);
  const condition = String(al['condition'] ?? 'OR').toUpperCase();
  const target = String(al['regexTarget'] ?? 'secret');
  const kinds = [regexes, stopwords, paths, commits].filter((k) => k.length > 0).length;
  if (condition === 'AND' && kinds > 1) {
    const what = [paths.length ? 'paths' : '', commits.length ? 'commits' : '', regexes.length ? 'regexes' : '', stopwords.length ? 'stopwords' : ''].filter(Boolean).join(' + ');
    if (paths.length || commits.length) {
      out.notes.push(`${where}: AND allowlist (${what}) not applied: keyhole cannot test paths or commits per rule, and the rest alone would hide more than gitleaks does`);
      return out;
    }
    // regexes AND stopwords: keyhole ORs them; requiring both is narrower, so applying either would hide more.
    out.notes.push(`${where}: AND allowlist (${what}) not applied: keyhole's allow regexes and stopwords are alternatives, not conditions together`);
    return out;
  }
  if (paths.length) out.notes.push(`${where}: ${paths.length} allowlist path(s) not applied (keyhole has no per-rule path allowlist; use --exclude)`);
  if (commits.length) out.notes.push(`${where}: ${commits.length} allowlist commit(s) not applied`);
  for (const [i, r] of regexes.entries()) {
    let src: string;
    try {
      src = translateGoRegex(r, false).source;
      new RegExp(src);
    } catch (err) {
      out.notes.push(`${where}: allowlist regex #${i + 1} dropped: ${(err as Error).message}`);
      continue;
    }
    if (target !== 'secret' && /\^|\$|\\[bBAz]/.test(r)) {
      out.notes.push(`${where}: allowlist regex #${i + 1} (regexTarget ${target}) dropped: it is anchored, and keyhole tests allow regexes against the secret only`);
      continue;
    }
    out.regexes.push(src);
  }
  if (target !== 'secret' && out.regexes.length) out.notes.push(`${where}: allowlist regexes with regexTarget ${target} approximated: tested against the secret (a part of the ${target})`);
  out.stopwords.push(...stopwords.filter((w) => w.length > 0));
  return out;
}

/**
 * The worst time (ms) of a regex over a 50 KB adversarial line built from its keywords: measured when
 * the pattern is quick on 2 and 4 KB, otherwise extrapolated from those two (growth exponent 1 to 2),
 * so that a slow pattern costs a fraction of a second to judge rather than a minute.
 */
export function backtrackMs(re: RegExp, keywords: string[]): { ms: number; estimated: boolean } {
  const kw = keywords[0] ?? 'key';
  const units = [`a`, `${kw} `, `${kw}=`, `${kw}-A1_`, `${kw}"a:`, `${kw}\t0`];
  const line = (unit: string, size: number): string => (kw + unit.repeat(Math.ceil(size / unit.length))).slice(0, size);
  const time = (text: string): number => {
    const t0 = performance.now();
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    let n = 0;
    while ((m = re.exec(text)) !== null && n++ < 100000) if (m[0].length === 0) re.lastIndex++;
    return performance.now() - t0;
  };
  // Warm up first (V8 compiles a regex lazily and tiers it up), then take the better of two runs.
  for (const u of units) time(line(u, 200));
  const best = (text: string): number => Math.min(time(text), time(text));
  let worst = 0;
  let t2 = -1;
  for (const [i, u] of units.entries()) {
    const t = best(line(u, 2000));
    if (t > t2) [t2, worst] = [t, i];
  }
  const t4 = best(line(units[worst]!, 4000));
  if (t4 < 5) return { ms: Math.max(...units.map((u) => time(line(u, 50000)))), estimated: false };
  const k = Math.min(2, Math.max(1, Math.log2(t4 / Math.max(t2, 0.01))));
  return { ms: t4 * 12.5 ** k, estimated: true };
}

/** Above this on a 50 KB line, an imported rule is noted as slow. */
export const SLOW_MS = 250;

interface Parsed {
  rules: Table[];
  allowlists: Table[];
  extend: Table;
}

function readConfig(file: string, seen: Set<string>): { text: string; doc: Table } {
  const full = path.resolve(file);
  if (seen.has(full)) throw new KeyholeError('RULE_FILE', `${file}: extend.path loops back to this file`);
  seen.add(full);
  let text: string;
  try {
    text = fs.readFileSync(full, 'utf8');
  } catch (err) {
    throw new KeyholeError('RULE_FILE', `${file}: cannot read gitleaks config: ${(err as Error).message}`, { cause: err });
  }
  try {
    return { text, doc: toml().parse(text) as Table };
  } catch (err) {
    throw new KeyholeError('RULE_FILE', `${file}: not valid TOML: ${(err as Error).message}`);
  }
}

function parsed(doc: Table): Parsed {
  return {
    rules: list(doc['rules']),
    allowlists: [...list(doc['allowlist']), ...list(doc['allowlists'])],
    extend: isTable(doc['extend']) ? doc['extend'] : {},
  };
}

/** Reads a gitleaks configuration file (following `extend.path`) and translates it. */
export function importGitleaksFile(file: string, opts: ImportOptions = {}): GitleaksImport {
  const seen = new Set<string>();
  const notes: string[] = [];
  const top = parsed(readConfig(file, seen).doc);
  let rules = top.rules;
  let allowlists = top.allowlists;
  // extend.path: the extended file's rules first; a rule of the same id here replaces it.
  let ext = top.extend;
  let from = file;
  const disabled = new Set<string>();
  let useDefault = false;
  for (;;) {
    for (const d of strings(ext['disabledRules'])) disabled.add(d);
    if (ext['useDefault'] === true) useDefault = true;
    if (typeof ext['url'] === 'string') notes.push(`extend.url ${ext['url']} not followed (keyhole reads no configuration from the network)`);
    const p = ext['path'];
    if (typeof p !== 'string') break;
    const next = path.resolve(path.dirname(from), p);
    const base = parsed(readConfig(next, seen).doc);
    const ids = new Set(rules.map((r) => r['id']));
    rules = [...base.rules.filter((r) => !ids.has(r['id'])), ...rules];
    allowlists = [...allowlists, ...base.allowlists];
    ext = base.extend;
    from = next;
  }
  return translateGitleaks({ rules, allowlists, extend: {} }, { origin: `${ORIGIN_PREFIX}${path.relative(process.cwd(), file) || file}`, disabled, useDefault, notes }, opts);
}

/** Translates a parsed gitleaks configuration (a TOML document as an object). */
export function importGitleaksText(text: string, origin: string, opts: ImportOptions = {}): GitleaksImport {
  let doc: Table;
  try {
    doc = toml().parse(text) as Table;
  } catch (err) {
    throw new KeyholeError('RULE_FILE', `${origin}: not valid TOML: ${(err as Error).message}`);
  }
  const p = parsed(doc);
  const notes: string[] = [];
  if (typeof p.extend['path'] === 'string') notes.push(`extend.path ${p.extend['path']} not followed (read the file with importGitleaksFile)`);
  return translateGitleaks(p, { origin: `${ORIGIN_PREFIX}${origin}`, disabled: new Set(strings(p.extend['disabledRules'])), useDefault: p.extend['useDefault'] === true, notes }, opts);
}

function translateGitleaks(
  cfg: Parsed,
  ctx: { origin: string; disabled: Set<string>; useDefault: boolean; notes: string[] },
  opts: ImportOptions,
): GitleaksImport {
  const notes = [...ctx.notes];
  const report: RuleReport[] = [];
  const rules: LoadedRule[] = [];
  const specs: Record<string, unknown>[] = [];
  // Global allowlists: applied to every rule (or to their targetRules).
  const globals = cfg.allowlists.map((al, i) => {
    const t = translateAllowlist(al, `global allowlist #${i + 1}`);
    notes.push(...t.notes);
    return { ...t, targets: new Set(strings(al['targetRules'])) };
  });
  const taken = new Set(opts.reservedIds ?? []);
  for (const [i, r] of cfg.rules.entries()) {
    const gid = typeof r['id'] === 'string' ? r['id'] : `#${i + 1}`;
    const rep: RuleReport = { gitleaksId: gid, status: 'imported', notes: [] };
    report.push(rep);
    const skip = (reason: string): void => {
      rep.status = 'skipped';
      rep.reason = reason;
    };
    if (typeof r['id'] !== 'string' || !r['id']) { skip('no id'); continue; }
    if (ctx.disabled.has(gid)) { skip('listed in extend.disabledRules'); continue; }
    if (r['skipReport'] === true) { skip('skipReport: an auxiliary rule that only serves composite rules'); continue; }
    if (r['required'] !== undefined) { skip('composite rule ([[rules.required]]): keyhole cannot require another rule to match nearby'); continue; }
    const regex = r['regex'];
    if (typeof regex !== 'string' || !regex) {
      skip(typeof r['path'] === 'string' ? 'path-only rule (it flags file names; keyhole rules match content)' : 'no regex');
      continue;
    }
    if (typeof r['path'] === 'string') rep.notes.push(`path condition ${r['path']} not applied: the rule runs on every file`);
    const kws = [...new Set(strings(r['keywords']).map((k) => k.toLowerCase()))];
    const short = kws.filter((k) => k.length < 2);
    if (short.length) rep.notes.push(`keyword(s) ${short.map((k) => JSON.stringify(k)).join(', ')} dropped (shorter than 2 characters)`);
    const keywords = kws.filter((k) => k.length >= 2);
    if (keywords.length === 0) {
      skip(kws.length ? 'every keyword is shorter than 2 characters (keyhole runs a rule only near a keyword)' : 'no keywords (keyhole runs a rule only near a keyword)');
      continue;
    }
    let tr;
    try {
      tr = translateGoRegex(regex);
    } catch (err) {
      if (!(err instanceof GoRegexError)) throw err;
      skip(`regex: ${err.message}`);
      continue;
    }
    const id = keyholeId(gid, taken);
    if (taken.has(id)) { skip(`id ${id} is already taken`); continue; }
    if (id !== gid) rep.notes.push(`imported as ${id}`);
    const allow = { regexes: [] as string[], stopwords: [] as string[] };
    for (const [j, al] of list(r['allowlist']).concat(list(r['allowlists'])).entries()) {
      const t = translateAllowlist(al, `allowlist #${j + 1}`);
      allow.regexes.push(...t.regexes);
      allow.stopwords.push(...t.stopwords);
      rep.notes.push(...t.notes);
    }
    for (const g of globals) {
      if (g.targets.size && !g.targets.has(gid)) continue;
      allow.regexes.push(...g.regexes);
      allow.stopwords.push(...g.stopwords);
    }
    const entropy = typeof r['entropy'] === 'number' ? r['entropy'] : undefined;
    if (entropy !== undefined && entropy > 8) rep.notes.push(`entropy ${entropy} capped at 8 bits per character`);
    const tags = strings(r['tags']);
    const description = typeof r['description'] === 'string' && r['description'].length >= 3 ? r['description'] : `gitleaks rule ${gid}`;
    const spec: Record<string, unknown> = {
      id,
      name: gid.length >= 3 ? gid : `gitleaks ${gid}`,
      description: tags.length ? `${description} (tags: ${tags.join(', ')})` : description,
      severity: 'high',
      category: 'gitleaks',
      provider: providerOf(gid),
      keywords,
      pattern: tr.source,
      ...(tr.ignoreCase ? { ignore_case: true } : {}),
      ...(typeof r['secretGroup'] === 'number' && r['secretGroup'] > 0 ? { secret_group: r['secretGroup'] } : {}),
      ...(entropy !== undefined && entropy > 0 ? { min_entropy: Math.min(entropy, 8) } : {}),
      ...(tr.crossesLines ? { window: { before: 256, after: MULTILINE_AFTER, multiline: true } } : {}),
      ...(allow.regexes.length || allow.stopwords.length ? { allow: { regexes: [...new Set(allow.regexes)], stopwords: [...new Set(allow.stopwords)] } } : {}),
      rotation: { steps: ROTATION },
      examples: [],
      imported: 'gitleaks',
    };
    let loaded: LoadedRule;
    try {
      loaded = rulesFromDocument({ rules: [spec] }, ctx.origin)[0]!;
      const compiled = compileRule(loaded);
      if (opts.checkBacktracking) {
        const t = backtrackMs(compiled.re, keywords);
        if (t.ms > SLOW_MS) rep.notes.push(`slow: ${t.estimated ? 'an estimated' : 'about'} ${Math.round(t.ms)} ms on a 50 KB adversarial line (backtracking in V8; gitleaks' RE2 is linear)`);
      }
    } catch (err) {
      skip((err as Error).message.replace(`${ctx.origin}: rule ${id}: `, ''));
      continue;
    }
    taken.add(id);
    rules.push(loaded);
    specs.push(spec);
    rep.id = id;
    if (rep.notes.length) rep.status = 'notes';
  }
  for (const d of ctx.disabled) {
    if (!cfg.rules.some((r) => r['id'] === d)) notes.push(`extend.disabledRules: ${d} is not a rule of this configuration (keyhole's built-ins stand in for gitleaks' defaults and stay)`);
  }
  // Keyhole keeps the first-loaded of two rules claiming one span: generic rules go last, so that a
  // specific rule wins (gitleaks, too, drops a generic-api-key finding that a specific rule made).
  const order = rules.map((_, k) => k).sort((a, b) => Number(isGeneric(rules[a]!)) - Number(isGeneric(rules[b]!)) || a - b);
  return { rules: order.map((k) => rules[k]!), specs: order.map((k) => specs[k]!), report, useDefault: ctx.useDefault, notes };
}

const isGeneric = (r: LoadedRule): boolean => /^(?:gitleaks-)?generic/.test(r.spec.id);
