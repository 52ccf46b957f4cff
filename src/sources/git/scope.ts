// What part of a repository a git scan reads: everything, or a scope for everyday use (hook, CI).
import { KeyholeError } from '../../core/errors.js';

export interface GitScope {
  /** The index: what is about to be committed (for a pre-commit hook). */
  staged?: boolean;
  /** Commits in a revision range such as `origin/main..HEAD` (what a push adds, for CI). */
  range?: string;
  /** Commits after a date git understands (`2024-01-01`, `2 weeks ago`). */
  since?: string;
  /** Only history reachable from this branch (or any revision). */
  branch?: string;
  /** Leave out objects no ref reaches (deleted branches, rewritten history). */
  noUnreachable?: boolean;
  /** The HEAD tree only, no history. */
  noHistory?: boolean;
}

/**
 * How the objects to scan are found:
 * - all: every object in the database (`cat-file --batch-all-objects`), reachable or not
 * - reachable: objects refs reach (`rev-list --all --objects`)
 * - log: blobs that the commits selected by `revs` add (`git log --raw`), with their messages
 * - head: the HEAD tree (`ls-tree -r HEAD`)
 * - staged: the blobs the index adds or changes against HEAD
 */
export type ScanMode =
  | { kind: 'all' }
  | { kind: 'reachable' }
  | { kind: 'log'; revs: string[]; range?: boolean; unreachableSince?: string }
  | { kind: 'head' }
  | { kind: 'staged' };

/** A value that git would read as an option is refused (`--range=--output=x` must not reach git). */
function checkValue(flag: string, value: string | undefined): void {
  if (value === undefined) return;
  if (value === '' || value.startsWith('-') || /[\0\n]/.test(value)) {
    throw new KeyholeError('USAGE', `${flag}: "${value}" is not a revision or date`);
  }
}

/** Checks that the scope's options go together; throws a usage error naming the conflict. */
export function validateScope(s: GitScope): void {
  checkValue('--range', s.range);
  checkValue('--branch', s.branch);
  checkValue('--since', s.since);
  const exclusive = [s.staged && '--staged', s.range !== undefined && '--range', s.noHistory && '--no-history'].filter(Boolean);
  if (exclusive.length > 1) throw new KeyholeError('USAGE', `${exclusive.join(' and ')} cannot be used together`);
  if (exclusive.length === 1 && (s.since !== undefined || s.branch !== undefined)) {
    throw new KeyholeError('USAGE', `${exclusive[0]} cannot be combined with --since or --branch`);
  }
}

export function scanMode(s: GitScope): ScanMode {
  if (s.staged) return { kind: 'staged' };
  if (s.range !== undefined) return { kind: 'log', revs: ['--end-of-options', s.range], range: true };
  if (s.noHistory) return { kind: 'head' };
  if (s.since !== undefined || s.branch !== undefined) {
    const since = s.since !== undefined ? [`--since=${s.since}`] : [];
    if (s.branch !== undefined) return { kind: 'log', revs: [...since, '--end-of-options', s.branch] };
    return { kind: 'log', revs: [...since, '--all'], ...(s.noUnreachable ? {} : { unreachableSince: s.since! }) };
  }
  return s.noUnreachable ? { kind: 'reachable' } : { kind: 'all' };
}

/** True when the scope reads history (so shallow clones, submodules and LFS pointers are worth a note). */
export function readsHistory(m: ScanMode): boolean {
  return m.kind !== 'staged' && !(m.kind === 'log' && m.range);
}
