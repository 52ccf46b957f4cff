// Which branches and tags contain a commit: propagated down history in one walk, or asked of git per commit.
import { gitMaybe, gitRecords, type RepoHandle } from './run.js';

export interface Reach {
  /** Some ref (any ref, pull-request refs included) reaches the commit. */
  reachable: boolean;
  /** The branches, tags and remote branches that contain it, sorted. */
  refs: string[];
}

/** Refs worth naming in a report: branches, tags and remote branches (not HEAD symrefs, stash or notes). */
const NAMED = ['refs/heads/', 'refs/tags/', 'refs/remotes/'];

function shortName(full: string): string | undefined {
  const prefix = NAMED.find((p) => full.startsWith(p));
  if (!prefix || full.endsWith('/HEAD')) return undefined;
  return full.slice(prefix.length);
}

export interface RefTips {
  names: string[];
  /** commit id -> indexes into names of the refs pointing at it (tags peeled to their commit). */
  tips: Map<string, number[]>;
}

export async function refTips(repo: RepoHandle, signal?: AbortSignal): Promise<RefTips> {
  const names: string[] = [];
  const tips = new Map<string, number[]>();
  const args = ['for-each-ref', '--format=%(objectname) %(*objectname) %(refname)', ...NAMED];
  for await (const line of gitRecords(repo, args, { separator: 10, ...(signal ? { signal } : {}) })) {
    const a = line.indexOf(' ');
    const b = line.indexOf(' ', a + 1);
    if (a < 0 || b < 0) continue;
    const name = shortName(line.slice(b + 1));
    if (name === undefined) continue;
    const commit = line.slice(a + 1, b) || line.slice(0, a);
    names.push(name);
    tips.set(commit, [...(tips.get(commit) ?? []), names.length - 1]);
  }
  return { names, tips };
}

const EMPTY: readonly number[] = [];

/** Sorted union; returns an input unchanged when it already holds the other (sets are shared, not copied). */
function union(a: readonly number[], b: readonly number[]): readonly number[] {
  if (a === b || b.length === 0) return a;
  if (a.length === 0) return b;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x < y)) out.push(a[i++]!);
    else if (x === undefined || y < x) out.push(b[j++]!);
    else {
      out.push(x);
      i++;
      j++;
    }
  }
  return out.length === a.length ? a : out.length === b.length ? b : out;
}

/**
 * For a walk that shows every commit before its parents (`git log --all --date-order`): `visit`
 * returns the refs containing a commit, from the refs at its tips and those of its children, and hands
 * them on to its parents. Memory holds the sets of the walk's frontier only.
 */
export function refWalker(t: RefTips): { visit: (commit: string, parents: string[]) => readonly number[]; names: (s: readonly number[]) => string[] } {
  const pending = new Map<string, readonly number[]>();
  const names = (s: readonly number[]): string[] => [...new Set(s.map((i) => t.names[i]!))].sort();
  const visit = (commit: string, parents: string[]): readonly number[] => {
    let s = pending.get(commit) ?? EMPTY;
    pending.delete(commit);
    const own = t.tips.get(commit);
    if (own) s = union(s, [...own].sort((x, y) => x - y));
    for (const p of parents) {
      const q = pending.get(p);
      pending.set(p, q === undefined ? s : union(q, s));
    }
    return s;
  };
  return { visit, names };
}

/** commit -> what contains it, one `git for-each-ref --contains` per commit (for a few commits). */
export async function refsContaining(repo: RepoHandle, commits: string[], signal?: AbortSignal): Promise<Map<string, Reach>> {
  const out = new Map<string, Reach>();
  let next = 0;
  const work = async (): Promise<void> => {
    while (next < commits.length && !signal?.aborted) {
      const c = commits[next++]!;
      const text = (await gitMaybe(repo, ['for-each-ref', '--contains', c, '--format=%(refname)'], signal ? { signal } : {}))?.toString('utf8') ?? '';
      const all = text.split('\n').filter((r) => r !== '');
      const refs = all.map(shortName).filter((n): n is string => n !== undefined);
      out.set(c, { reachable: all.length > 0, refs: [...new Set(refs)].sort() });
    }
  };
  await Promise.all([work(), work()]);
  return out;
}
