// Finds, reads and checks `.keyhole.yaml` into frozen settings; every error names the file and the field.
import fs from 'node:fs';
import path from 'node:path';
import { lazyPackage } from '../core/lazy.js';
import type { z } from 'zod';
import { parseSize } from '../cli/options.js';
import { KeyholeError } from '../core/errors.js';
import { compileRule, type LoadedRule } from '../rules/compile.js';
import { rulesFromDocument } from '../rules/load.js';
import { schemas } from './schema.js';

const yaml = lazyPackage<typeof import('yaml')>('yaml');

export const CONFIG_NAMES = ['.keyhole.yaml', '.keyhole.yml'];

export interface KeyholeConfig {
  /** The file, as named in messages. */
  readonly file: string;
  readonly rules: readonly LoadedRule[];
  readonly disable: readonly string[];
  readonly allow: {
    readonly paths: readonly string[];
    readonly regexes: readonly string[];
    readonly stopwords: readonly string[];
    readonly findings: readonly string[];
  };
  readonly limits: {
    readonly maxFileSize?: number;
    readonly archiveDepth?: number;
    readonly archiveMaxBytes?: number;
    readonly archiveMaxEntries?: number;
    readonly markings?: readonly string[];
  };
}

function describe(err: z.ZodError): string {
  return err.issues.map((i) => {
    const at = i.path.map(String);
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => `field ${[...at, k].join('.')}: unknown field`).join('; ');
    return `field ${at.length ? at.join('.') : '(top level)'}: ${i.message}`;
  }).join('; ');
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** Parses a config document's text; `file` names it in errors. */
export function parseConfig(text: string, file: string): KeyholeConfig {
  let doc: unknown;
  try {
    doc = yaml().parse(text);
  } catch (err) {
    throw new KeyholeError('CONFIG_INVALID', `${file}: not valid YAML: ${(err as Error).message}`);
  }
  // An empty file is an empty configuration.
  const r = schemas().configSchema.safeParse(doc ?? {});
  if (!r.success) throw new KeyholeError('CONFIG_INVALID', `${file}: ${describe(r.error)}`);
  const c = r.data;
  const rules = c.rules?.length ? rulesFromDocument({ provider: 'custom', rules: c.rules }, `${file}: rules`) : [];
  // Compiling now reports a bad pattern before any scanning starts.
  for (const rule of rules) compileRule(rule);
  const lim = c.limits ?? {};
  const sizeOf = (v: string | number | undefined, field: string): number | undefined =>
    v === undefined ? undefined : typeof v === 'number' ? v : parseSize(v, `${file}: field limits.${field}`);
  const maxFileSize = sizeOf(lim.maxFileSize, 'maxFileSize');
  const archiveMaxBytes = sizeOf(lim.archiveMaxBytes, 'archiveMaxBytes');
  return deepFreeze({
    file,
    rules,
    disable: c.disable ?? [],
    allow: {
      paths: c.allow?.paths ?? [],
      regexes: c.allow?.regexes ?? [],
      stopwords: c.allow?.stopwords ?? [],
      findings: c.allow?.findings ?? [],
    },
    limits: {
      ...(maxFileSize !== undefined ? { maxFileSize } : {}),
      ...(lim.archiveDepth !== undefined ? { archiveDepth: lim.archiveDepth } : {}),
      ...(archiveMaxBytes !== undefined ? { archiveMaxBytes } : {}),
      ...(lim.archiveMaxEntries !== undefined ? { archiveMaxEntries: lim.archiveMaxEntries } : {}),
      ...(lim.markings !== undefined ? { markings: lim.markings } : {}),
    },
  });
}

export function readConfig(file: string): KeyholeConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new KeyholeError('CONFIG_INVALID', `${file}: cannot read config file: ${(err as Error).message}`, { cause: err });
  }
  return parseConfig(text, file);
}

/**
 * The configuration a command runs with: `--config-file FILE` (which must exist), none with
 * `--no-config-file`, otherwise `.keyhole.yaml` (or `.keyhole.yml`) in `cwd` when there is one.
 */
export function findConfig(flag: string | boolean | undefined, cwd = process.cwd()): KeyholeConfig | undefined {
  if (flag === false) return undefined;
  if (typeof flag === 'string') return readConfig(flag);
  for (const name of CONFIG_NAMES) {
    const full = path.join(cwd, name);
    if (fs.existsSync(full)) return readConfig(path.relative(process.cwd(), full) || full);
  }
  return undefined;
}
