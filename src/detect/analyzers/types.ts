// The analyzer contract: format-aware passes that run after the regex engine on one blob (file, git blob or archive member).
import type { Match } from '../../core/types.js';
import type { RuleSet } from '../../rules/compile.js';
import type { ScanOptions } from '../engine.js';

/** Random access to content that may be too large to hold (a file on disk read through its descriptor). */
export interface RandomAccess {
  readonly size: number;
  read(offset: number, length: number): Uint8Array;
}

/** Limits and settings of the analyzers; every field has a default (see DEFAULT_ANALYZE). */
export interface AnalyzeSettings {
  /** Archives inside archives are opened to this depth (the outermost archive is depth 1). */
  maxDepth: number;
  /** Total uncompressed bytes taken out of one outermost archive. */
  maxArchiveBytes: number;
  /** Members read out of one outermost archive. */
  maxEntries: number;
  /** A member larger than this is not expanded (reported). */
  maxMemberBytes: number;
  /** Compression ratio above which a member over `ratioMinBytes` is a bomb. */
  maxRatio: number;
  ratioMinBytes: number;
  /** Classification markings that make a text document a "confidential document" finding. */
  markings: string[];
  /** Time a PDF may take to yield its text. */
  pdfTimeoutMs: number;
  /** Text analyzers read content up to this size whole. */
  maxTextBytes: number;
}

export const DEFAULT_MARKINGS = [
  'TOP SECRET', 'SECRET', 'CONFIDENTIAL', 'RESTRICTED', 'EXPORT CONTROLLED', 'ITAR', 'EAR99',
  'NOT FOR DISTRIBUTION', 'INTERNAL USE ONLY',
];

export const DEFAULT_ANALYZE: AnalyzeSettings = {
  maxDepth: 3,
  maxArchiveBytes: 256 << 20,
  maxEntries: 10_000,
  maxMemberBytes: 64 << 20,
  maxRatio: 100,
  ratioMinBytes: 1 << 20,
  markings: DEFAULT_MARKINGS,
  pdfTimeoutMs: 15_000,
  maxTextBytes: 64 << 20,
};

/** A problem met while analyzing (a zip bomb, a truncated archive); `member` names where inside the blob. */
export interface AnalyzerIssue {
  code: string;
  message: string;
  member?: string;
}

/** Counters shared by every level of one outermost archive, so nesting cannot multiply the limits. */
export interface Budget {
  bytes: number;
  entries: number;
}

export interface AnalyzerContext {
  /** The file path, or the member's path inside its archive. */
  path: string;
  /** The whole content, when it is held in memory (always for blobs and members; files up to maxTextBytes). */
  bytes?: Uint8Array;
  /** The signal keywords (rules/signals.ts) the rule pass met in `bytes`, when it ran on them all. */
  seen?: ReadonlySet<string>;
  input: RandomAccess;
  ruleSet: RuleSet;
  settings: AnalyzeSettings;
  scanOptions: ScanOptions;
  /** Archive nesting level of this blob: 0 for a file, 1 for a member of an archive, ... */
  depth: number;
  budget: Budget;
  /** Scans nested content (an archive member) fully: rules, then analyzers, one level deeper. */
  scan(bytes: Uint8Array, path: string): { matches: Match[]; issues: AnalyzerIssue[] };
  /** Scans a decoded piece of text with the rules only; offsets are relative to the text's UTF-8 bytes. */
  scanText(text: string): Match[];
  report(code: string, message: string, member?: string): void;
  /** Marks a byte span as not secret (an encrypted vault blob): rule matches inside it are dropped. */
  suppress(start: number, end: number): void;
}

export interface Analyzer {
  name: string;
  /** Cheap test on the path and the first bytes (up to 8000) of the content. */
  applies(path: string, head: Uint8Array, size: number): boolean;
  /** Reads binary content: binary skipping must not drop what it applies to. */
  binary?: boolean;
  /** Reads `ctx.input` itself, so it also runs on content too large to hold in memory. */
  streaming?: boolean;
  /**
   * Interprets the whole content (a Jira export, a notebook): plain rule matches whose secret it also
   * reports are dropped in favour of its own, which carry the better place.
   */
  exclusive?: boolean;
  /** Its matches are kept only when nothing else is found in the blob (a sensitive file named for what it is). */
  fallback?: boolean;
  /** Only suppresses other matches (encrypted spans): run only when something was found. */
  suppressor?: boolean;
  analyze(ctx: AnalyzerContext): Match[];
}

const headTexts = new WeakMap<Uint8Array, string>();

/**
 * The latin1 text of a blob's head, as `applies` tests read it: converted once per blob for all the
 * analyzers that look (run.ts passes each of them the same head).
 */
export function headText(head: Uint8Array): string {
  let t = headTexts.get(head);
  if (t === undefined) headTexts.set(head, (t = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1')));
  return t;
}
