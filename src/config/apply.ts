// Applies a `.keyhole.yaml` to a scan: the rules it runs with, paths left out, and findings allowed.
import path from 'node:path';
import picomatch from 'picomatch';
import { KeyholeError } from '../core/errors.js';
import type { Finding, Provenance } from '../core/types.js';
import type { LoadedRule } from '../rules/compile.js';
import type { KeyholeConfig } from './load.js';

/**
 * Built-in and extra rules plus the config's custom rules, minus the disabled ones. The config's
 * allow regexes and stopwords join every rule's allow lists, so the workers drop those secrets.
 */
export function configureRules(loaded: readonly LoadedRule[], cfg: KeyholeConfig | undefined): LoadedRule[] {
  if (!cfg) return [...loaded];
  const all = [...loaded, ...cfg.rules];
  const ids = new Set(all.map((r) => r.spec.id));
  cfg.disable.forEach((id, i) => {
    if (!ids.has(id)) throw new KeyholeError('CONFIG_INVALID', `${cfg.file}: field disable.${i}: no rule "${id}" is loaded (see keyhole rules list)`);
  });
  const off = new Set(cfg.disable);
  const { regexes, stopwords } = cfg.allow;
  return all.filter((r) => !off.has(r.spec.id)).map((r) => {
    if (!regexes.length && !stopwords.length) return r;
    const allow = {
      regexes: [...(r.spec.allow?.regexes ?? []), ...regexes],
      stopwords: [...(r.spec.allow?.stopwords ?? []), ...stopwords],
    };
    return { ...r, spec: { ...r.spec, allow } };
  });
}

function allowedPlace(p: Provenance, allowed: (p: string) => boolean): boolean {
  return allowed(p.path) || (p.kind === 'archive' && allowed(p.member));
}

/** The config file itself (its custom rules' examples would always match). */
function isConfigFile(p: Provenance, self: string): boolean {
  return p.kind === 'file' && path.resolve(p.path) === self;
}

/** A matcher of paths against globs: the path, and every tail of it (`a/b/c`, `b/c`, `c`), as --exclude matches. */
export function pathMatcher(globs: readonly string[]): (p: string) => boolean {
  if (!globs.length) return () => false;
  const m = picomatch([...globs], { dot: true });
  return (p) => {
    const parts = p.split(/[\\/]/).filter((s) => s.length > 0);
    for (let i = 0; i < parts.length; i++) if (m(parts.slice(i).join('/'))) return true;
    return m(p) || m(path.basename(p));
  };
}

/**
 * Drops what the config allows from findings made elsewhere (analyzers, git history): finding ids,
 * secrets matching an allow regex or holding a stopword, and locations under an allowed path or in
 * the config file itself (a finding with no location left goes too).
 */
export function allowFindings(findings: readonly Finding[], cfg: KeyholeConfig | undefined): Finding[] {
  if (!cfg) return [...findings];
  const ids = new Set(cfg.allow.findings);
  const res = cfg.allow.regexes.map((r) => new RegExp(r));
  const words = cfg.allow.stopwords.map((w) => w.toLowerCase());
  const allowedPath = pathMatcher(cfg.allow.paths);
  const self = path.resolve(cfg.file);
  const out: Finding[] = [];
  for (const f of findings) {
    if (ids.has(f.id)) continue;
    if (res.some((r) => r.test(f.secret))) continue;
    const low = f.secret.toLowerCase();
    if (words.some((w) => low.includes(w))) continue;
    const locations = f.locations.filter((l) => !allowedPlace(l.provenance, allowedPath) && !isConfigFile(l.provenance, self));
    if (locations.length) out.push(locations.length === f.locations.length ? f : { ...f, locations });
  }
  return out;
}

/** The scan flags the config's limits fill in: a flag given on the command line wins over the config. */
export interface LimitFlags {
  maxFileSize: string;
  archiveDepth: string;
  archiveMaxBytes: string;
  archiveMaxEntries: string;
  marking: string[];
  markings: boolean;
}

export function configureLimits<F extends LimitFlags>(flags: F, cfg: KeyholeConfig | undefined, given: (flag: keyof LimitFlags) => boolean): F {
  if (!cfg) return flags;
  const l = cfg.limits;
  const out: F = { ...flags };
  if (l.maxFileSize !== undefined && !given('maxFileSize')) out.maxFileSize = String(l.maxFileSize);
  if (l.archiveDepth !== undefined && !given('archiveDepth')) out.archiveDepth = String(l.archiveDepth);
  if (l.archiveMaxBytes !== undefined && !given('archiveMaxBytes')) out.archiveMaxBytes = String(l.archiveMaxBytes);
  if (l.archiveMaxEntries !== undefined && !given('archiveMaxEntries')) out.archiveMaxEntries = String(l.archiveMaxEntries);
  if (l.markings !== undefined && !given('marking') && !given('markings')) {
    if (l.markings.length) out.marking = [...l.markings];
    else out.markings = false;
  }
  return out;
}
