// Loads rule files (YAML), validating each rule against the schema with errors that name file, rule and field.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lazyPackage } from '../core/lazy.js';
import type { z } from 'zod';
import { KeyholeError } from '../core/errors.js';
import type { LoadedRule } from './compile.js';
import { schemas } from './schema.js';
import { distUrl } from '../core/assets.js';

const yaml = lazyPackage<typeof import('yaml')>('yaml');

export const BUILTIN_DIR = fileURLToPath(distUrl('rules/builtin/'));

function describeIssues(err: z.ZodError): string {
  return err.issues.map((i) => `field ${i.path.length ? i.path.join('.') : '(rule)'}: ${i.message}`).join('; ');
}

/** Parses one rule document (already read) into loaded rules. `origin` names it in errors. */
export function parseRuleDocument(text: string, origin: string): LoadedRule[] {
  let doc: unknown;
  try {
    doc = yaml().parse(text);
  } catch (err) {
    throw new KeyholeError('RULE_FILE', `${origin}: not valid YAML: ${(err as Error).message}`);
  }
  return rulesFromDocument(doc, origin);
}

/** Validates a parsed rule document (from YAML, or from the build's JSON bundle). */
export function rulesFromDocument(doc: unknown, origin: string): LoadedRule[] {
  const file = schemas().ruleFileSchema.safeParse(doc);
  if (!file.success) throw new KeyholeError('RULE_FILE', `${origin}: ${describeIssues(file.error)}`);
  return file.data.rules.map((raw, i) => {
    const parsed = schemas().ruleSchema.safeParse(raw);
    if (!parsed.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : `#${i + 1}`;
      throw new KeyholeError('RULE_INVALID', `${origin}: rule ${id}: ${describeIssues(parsed.error)}`);
    }
    const provider = parsed.data.provider ?? file.data.provider;
    if (!provider) {
      throw new KeyholeError('RULE_INVALID', `${origin}: rule ${parsed.data.id}: field provider: required (in the rule or the file)`);
    }
    return { spec: parsed.data, provider, origin };
  });
}

function readRuleFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new KeyholeError('RULE_FILE', `${file}: cannot read rule file: ${(err as Error).message}`, { cause: err });
  }
}

export function loadRuleFile(file: string): LoadedRule[] {
  return parseRuleDocument(readRuleFile(file), path.relative(process.cwd(), file) || file);
}

/**
 * Structural rules (any JWT, any private key, any URI with a password, any password hash) yield to a
 * provider rule that claims the same text, and generic rules yield to both: the order of loading is
 * the order of priority.
 */
const STRUCTURAL = new Set(['jwt.yaml', 'private-keys.yaml', 'uri-credentials.yaml', 'password-hashes.yaml']);
const rank = (f: string): number => (f.startsWith('generic') ? 2 : STRUCTURAL.has(f) ? 1 : 0);

/**
 * The build parses and validates the built-in YAML once into this bundle ({ file, rules } in file
 * order), so that a scan pays neither for YAML parsing nor for the schema in every process.
 */
export const BUNDLE = 'bundle.json';

/** Every built-in rule: provider files by name, then structural ones, then generic ones. */
export function loadBuiltinRules(dir = BUILTIN_DIR): LoadedRule[] {
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  files.sort((a, b) => rank(a) - rank(b));
  const bundle = path.join(dir, BUNDLE);
  if (fs.existsSync(bundle)) {
    // Validated by the build (scripts/copy-assets.mjs runs the same parseRuleDocument).
    const docs = JSON.parse(fs.readFileSync(bundle, 'utf8')) as { file: string; rules?: LoadedRule[] }[];
    const byFile = new Map(docs.map((d) => [d.file, d.rules]));
    if (files.every((f) => Array.isArray(byFile.get(f)))) return files.flatMap((f) => byFile.get(f)!);
  }
  return files.flatMap((f) => parseRuleDocument(readRuleFile(path.join(dir, f)), `builtin/${f}`));
}
