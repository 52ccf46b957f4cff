// The report formatters: pure functions from a scan's findings to a string, by format name.
import { formatCsv } from './csv.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatJsonl } from './jsonl.js';
import { formatPlan } from './plan-text.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';
import type { Formatter } from './types.js';

export type FormatName = 'text' | 'json' | 'jsonl' | 'sarif' | 'csv' | 'html' | 'plan';

export const formatters: Record<FormatName, Formatter> = {
  text: formatText,
  json: formatJson,
  jsonl: formatJsonl,
  sarif: formatSarif,
  csv: formatCsv,
  html: formatHtml,
  plan: formatPlan,
};

export { formatCsv, formatHtml, formatJson, formatJsonl, formatPlan, formatSarif, formatText };
export { rotationPlan, type PlanEntry } from './plan.js';
export type { Formatter, ReportInput, RuleMeta } from './types.js';
export type { JsonFinding, JsonLocation, JsonReport } from './json-schema.js';
export type { JsonlRecord } from './jsonl.js';
export { describeLocation, describePlace, gitState, machinePath, provenanceRecord } from './location.js';
export { contextText, secretText } from './redaction.js';
