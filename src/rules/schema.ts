// The rule file schema: what a YAML rule file may say, checked at load with errors naming file, rule and field.
import type { z } from 'zod';
import { lazyPackage } from '../core/lazy.js';
import { SEVERITIES } from '../core/types.js';

const zod = lazyPackage<typeof import('zod')>('zod');

// Built on first use: zod costs about 90 ms to load, which a scan without a config file, baseline or
// rule file need not pay.
function build() {
  const { z } = zod();

  const example = z.union([
    z.string().min(1),
    z.object({
      /** A file name for the text: the example then runs through the analyzers too (needed for analyzer rules). */
      path: z.string().min(1).optional(),
      text: z.string().min(1),
      /** The exact secret the rule must extract from `text`. */
      secret: z.string().min(1).optional(),
    }).strict(),
  ]);

  const negativeExample = z.union([z.string(), z.object({ path: z.string().min(1), text: z.string() }).strict()]);

  const ruleSchema = z.object({
    /** kebab-case, unique across all loaded rules. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/, 'must be kebab-case (a-z, 0-9, -)'),
    name: z.string().min(3),
    description: z.string().min(3),
    severity: z.enum(SEVERITIES as [string, ...string[]]),
    /** What kind of thing leaks: cloud, vcs, ci, registry, payment, messaging, ai, database, crypto-key, password-hash, generic, ... */
    category: z.string().regex(/^[a-z][a-z0-9-]*$/),
    /** The issuer: aws, github, slack, ... (defaults to the file's `provider`). */
    provider: z.string().regex(/^[a-z][a-z0-9-]*$/).optional(),
    /** Lower-cased literals; the rule runs only near one of them. At least one (unless `analyzer` is set). */
    keywords: z.array(z.string().min(2)).min(1).optional(),
    /** A JavaScript regular expression (no lookbehind of unbounded length, no nested quantifiers). Required unless `analyzer` is set. */
    pattern: z.string().min(1).optional(),
    /** The analyzer (src/detect/analyzers) that reports this rule; such a rule runs as a regex only if it has keywords and a pattern. */
    analyzer: z.string().regex(/^[a-z][a-z0-9-]*$/).optional(),
    ignore_case: z.boolean().default(false),
    /**
     * A speed hint: a regular expression that must match right where a keyword hit ends (on the same
     * line, within 512 bytes) for the pattern to be tried around that hit. Every match of the pattern
     * must contain a keyword hit after which it matches; the rule's examples check that it does.
     */
    after_keyword: z.string().min(1).optional(),
    /** Capture group holding the secret; 0 = the whole match. Defaults to 1 when the pattern has groups.
     *  Where that group did not take part in the match (alternatives), the next group that did is used. */
    secret_group: z.number().int().min(0).optional(),
    /** Minimum Shannon entropy (bits per character) of the secret. */
    min_entropy: z.number().min(0).max(8).optional(),
    /** Bytes of context around a keyword hit in which the pattern is tried, and whether it may cross lines. */
    window: z.object({
      before: z.number().int().min(0).max(65536).default(256),
      after: z.number().int().min(0).max(1 << 20).default(1024),
      multiline: z.boolean().default(false),
    }).strict().optional(),
    allow: z.object({
      /** A secret matching one of these is not a finding. */
      regexes: z.array(z.string()).default([]),
      /** A secret containing one of these (case-insensitive) is not a finding. */
      stopwords: z.array(z.string()).default([]),
    }).strict().optional(),
    /** Name of an offline validator (see src/validate/registry.ts). */
    validator: z.string().optional(),
    /** Generic rules: the value must also look like a credential (not a reference, identifier or placeholder). */
    generic: z.boolean().default(false),
    rotation: z.object({ steps: z.string().min(3), docs: z.string().url().optional() }).strict(),
    examples: z.array(example),
    negative_examples: z.array(negativeExample).default([]),
    /** Set on rules translated from another tool's configuration (which carries no examples): `examples` may then be empty. */
    imported: z.enum(['gitleaks']).optional(),
  }).strict().superRefine((r, ctx) => {
    if (!r.imported && r.examples.length < 1) ctx.addIssue({ code: 'custom', path: ['examples'], message: 'at least one example is required' });
    if (r.analyzer && !r.keywords === !r.pattern) return;
    if (!r.keywords) ctx.addIssue({ code: 'custom', path: ['keywords'], message: r.analyzer ? 'required with a pattern' : 'required (unless analyzer is set)' });
    if (!r.pattern) ctx.addIssue({ code: 'custom', path: ['pattern'], message: r.analyzer ? 'required with keywords' : 'required (unless analyzer is set)' });
  });

  const ruleFileSchema = z.object({
    /** Default provider for the rules in this file. */
    provider: z.string().regex(/^[a-z][a-z0-9-]*$/).optional(),
    rules: z.array(z.unknown()).min(1),
  }).strict();
  return { example, negativeExample, ruleSchema, ruleFileSchema };
}

let built: ReturnType<typeof build> | undefined;
export const schemas = (): ReturnType<typeof build> => (built ??= build());

export type RuleSpec = z.infer<ReturnType<typeof build>['ruleSchema']>;
export type RuleExample = z.infer<ReturnType<typeof build>['example']>;
export type NegativeExample = z.infer<ReturnType<typeof build>['negativeExample']>;
