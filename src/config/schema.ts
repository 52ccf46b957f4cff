// The `.keyhole.yaml` schema: custom rules, disabled rules, what to allow, and limits. Unknown fields are errors.
import type { z } from 'zod';
import { lazyPackage } from '../core/lazy.js';

const zod = lazyPackage<typeof import('zod')>('zod');

// Built on first use: zod costs about 90 ms to load, which a scan without a config file, baseline or
// rule file need not pay.
function build() {
  const { z } = zod();
  const size = z.union([z.string().min(1), z.number().int().positive()]);
  const patterns = z.array(z.string().min(1));

  const configSchema = z.object({
    /** Extra rules in the built-in rule schema (src/rules/schema.ts); provider defaults to `custom`. */
    rules: z.array(z.unknown()).optional(),
    /** Rule ids not to run. */
    disable: z.array(z.string().min(1)).optional(),
    allow: z.object({
      /** Globs of paths not scanned (as --exclude), and locations left out of reports. */
      paths: patterns.optional(),
      /** A secret matching one of these regular expressions is not a finding (every rule). */
      regexes: patterns.superRefine((list, ctx) => {
        list.forEach((re, i) => {
          try {
            new RegExp(re);
          } catch (err) {
            ctx.addIssue({ code: 'custom', path: [i], message: `not a valid regular expression: ${(err as Error).message}` });
          }
        });
      }).optional(),
      /** A secret containing one of these (case-insensitive) is not a finding (every rule). */
      stopwords: patterns.optional(),
      /** Finding ids (from a report) that are not findings. */
      findings: patterns.optional(),
    }).strict().optional(),
    limits: z.object({
      maxFileSize: size.optional(),
      archiveDepth: z.number().int().min(0).optional(),
      archiveMaxBytes: size.optional(),
      archiveMaxEntries: z.number().int().min(1).optional(),
      /** Classification markings that make a document a finding (replaces the defaults; [] turns them off). */
      markings: z.array(z.string().min(1)).optional(),
    }).strict().optional(),
  }).strict();
  return { configSchema };
}

let built: ReturnType<typeof build> | undefined;
export const schemas = (): ReturnType<typeof build> => (built ??= build());

export type ConfigDocument = z.infer<ReturnType<typeof build>['configSchema']>;
