// Completes git locations after scanning: every path a blob with findings had, the commit that put it
// there, the refs that reach that commit, whether it is still at HEAD, and whether any ref reaches it.
import type { CommitInfo, Finding, Location, Provenance, ScanIssue } from '../../core/types.js';
import { isBlobMode, logRaw, type CommitMeta } from './history.js';
import { errorMessage } from '../../core/errors.js';
import { refTips, refWalker, refsContaining, type Reach } from './refs.js';
import { git, gitMaybe, gitRecords, type RepoHandle } from './run.js';

export type GitProvenance = Extract<Provenance, { kind: 'git' }>;

export const COMMIT_MESSAGE = '(commit message)';
export const TAG_MESSAGE = '(tag message)';

export interface ResolveRequest {
  repo: RepoHandle;
  /** True for the provenances this source yielded (other sources' locations are left alone). */
  isMine: (p: Provenance) => boolean;
  /** True for provenances whose path is only a name hint: the blob's places are to be found. */
  isProvisional: (p: Provenance) => boolean;
  /** Commits no ref reaches, to look for paths in too (undefined: don't; the scope left them out). */
  unreachable?: string[];
  /** Index file for a working tree (a pre-commit hook's GIT_INDEX_FILE). */
  env?: Record<string, string>;
  signal?: AbortSignal;
}

interface Sighting {
  commit: CommitMeta;
  unreachable: boolean;
}

/** blob -> path -> the earliest commit that put that blob at that path. */
type Sightings = Map<string, Map<string, Sighting>>;

export async function resolveGitLocations(req: ResolveRequest, findings: Finding[]): Promise<ScanIssue[]> {
  const { repo, signal } = req;
  const issues: ScanIssue[] = [];
  const note = (code: string, err: unknown): void => {
    issues.push({ input: repo.id, code, message: errorMessage(err) });
  };
  const wantBlobs = new Set<string>();
  const wantPaths = new Set<string>();
  const wantRefs = new Set<string>();
  const wantLast = new Set<string>();
  let any = false;
  for (const f of findings) {
    for (const loc of f.locations) {
      const p = loc.provenance;
      if (p.kind !== 'git' || !req.isMine(p)) continue;
      any = true;
      if (req.isProvisional(p)) wantBlobs.add(p.blob);
      else if (p.path === TAG_MESSAGE) continue;
      else {
        if (p.commit) wantRefs.add(p.commit.id);
        else if (p.atHead) wantLast.add(p.path);
        if (p.path !== COMMIT_MESSAGE) wantPaths.add(p.path);
      }
    }
  }
  if (!any) return issues;

  const last = await lastCommits(repo, [...wantLast], signal);
  for (const c of last.values()) wantRefs.add(c.id);

  const sightings: Sightings = new Map();
  const reach = new Map<string, Reach>();
  const want = (blob: string): boolean => wantBlobs.has(blob);
  // One walk over history finds where blobs were put and which refs contain each commit of interest;
  // for a few commits and no blobs, asking git per commit is cheaper than walking everything.
  let walked = false;
  if (wantBlobs.size > 0 || wantRefs.size > 16) {
    try {
      const walker = refWalker(await refTips(repo, signal));
      // Children before parents: the last sighting of a (blob, path) is the earliest.
      for await (const e of logRaw(repo, { revs: ['--all', '--date-order'], raw: wantBlobs.size > 0, want, ...(signal ? { signal } : {}) })) {
        const s = walker.visit(e.commit.id, e.commit.parents);
        let hit = wantRefs.has(e.commit.id);
        for (const c of e.changes) {
          if (!isBlobMode(c.mode)) continue;
          record(sightings, c.blob, c.path, { commit: e.commit, unreachable: false }, true);
          hit = true;
        }
        if (hit) reach.set(e.commit.id, { reachable: true, refs: walker.names(s) });
      }
      walked = true;
    } catch (err) {
      note('GIT_HISTORY_INCOMPLETE', err);
    }
  }
  const lost = req.unreachable ?? [];
  if (wantBlobs.size > 0 && lost.length > 0) {
    try {
      for await (const e of logRaw(repo, { revs: ['--no-walk=unsorted', '--stdin'], stdin: lost, want, ...(signal ? { signal } : {}) })) {
        for (const c of e.changes) if (isBlobMode(c.mode)) record(sightings, c.blob, c.path, { commit: e.commit, unreachable: true }, false);
      }
    } catch (err) {
      note('GIT_HISTORY_INCOMPLETE', err);
    }
  }
  for (const paths of sightings.values()) for (const path of paths.keys()) wantPaths.add(path);
  const unknown = [...wantRefs].filter((c) => !reach.has(c));
  if (walked) for (const c of unknown) reach.set(c, { reachable: false, refs: [] });
  else for (const [c, r] of await refsContaining(repo, unknown, signal)) reach.set(c, r);

  const head = await headTree(repo, wantPaths, signal).catch((err: unknown) => {
    note('GIT_HEAD_UNREADABLE', err);
    return new Map<string, string>();
  });
  const staged = wantBlobs.size > 0 && repo.workTree ? await indexPaths(repo, wantBlobs, req.env) : new Map<string, string[]>();

  const expand = (loc: Location, p: GitProvenance): Location[] => {
    const at = (q: GitProvenance): Location => ({ ...loc, provenance: q });
    if (p.path === TAG_MESSAGE) return [loc];
    if (req.isProvisional(p)) {
      const seen = sightings.get(p.blob);
      if (seen && seen.size > 0) {
        return [...seen.entries()]
          .sort(([pa, a], [pb, b]) => Number(a.unreachable) - Number(b.unreachable) || a.commit.time - b.commit.time || pa.localeCompare(pb))
          .map(([path, s]) => {
            const r = s.unreachable ? [] : (reach.get(s.commit.id)?.refs ?? []);
            return at({
              kind: 'git',
              repo: repo.id,
              path,
              blob: p.blob,
              commit: commitInfo(s.commit),
              ...(r.length > 0 ? { refs: r } : {}),
              atHead: head.get(path) === p.blob,
              unreachable: s.unreachable,
            });
          });
      }
      const inIndex = staged.get(p.blob);
      if (inIndex) return inIndex.map((path) => at({ ...p, path, atHead: head.get(path) === p.blob, unreachable: false }));
      // A blob no commit holds (added to the index once and never committed, or left by a rewrite):
      // no path, and no ref reaches it. With a name, history could not be read: leave it as it is.
      return [at(p.path === '' ? { ...p, unreachable: true } : { ...p })];
    }
    const commit = p.commit ?? (p.atHead ? last.get(p.path) : undefined);
    if (!commit) return [loc];
    const r = reach.get(commit.id);
    const refs = r?.refs ?? [];
    const q: GitProvenance = { ...p, commit: commitInfo(commit), ...(refs.length > 0 ? { refs } : {}), unreachable: r ? !r.reachable : false };
    if (p.path === COMMIT_MESSAGE) q.atHead = false;
    else q.atHead = head.get(p.path) === p.blob;
    return [at(q)];
  };

  for (const f of findings) {
    if (!f.locations.some((l) => l.provenance.kind === 'git' && req.isMine(l.provenance))) continue;
    const out: Location[] = [];
    for (const loc of f.locations) {
      const p = loc.provenance;
      if (p.kind === 'git' && req.isMine(p)) out.push(...expand(loc, p));
      else out.push(loc);
    }
    f.locations = out;
  }
  return issues;
}

function record(s: Sightings, blob: string, path: string, sighting: Sighting, overwrite: boolean): void {
  let paths = s.get(blob);
  if (!paths) s.set(blob, (paths = new Map()));
  const old = paths.get(path);
  if (!old) paths.set(path, sighting);
  else if (overwrite && !old.unreachable) paths.set(path, sighting);
  else if (old.unreachable && sighting.unreachable && sighting.commit.time < old.commit.time) paths.set(path, sighting);
}

function commitInfo(c: CommitInfo): CommitInfo {
  return { id: c.id, author: c.author, email: c.email, date: c.date, summary: c.summary };
}

/** path -> the last commit on HEAD that changed it (for locations found in the HEAD tree alone). */
async function lastCommits(repo: RepoHandle, paths: string[], signal?: AbortSignal): Promise<Map<string, CommitMeta>> {
  const out = new Map<string, CommitMeta>();
  let next = 0;
  const work = async (): Promise<void> => {
    while (next < paths.length && !signal?.aborted) {
      const path = paths[next++]!;
      try {
        for await (const e of logRaw(repo, { revs: ['-1', 'HEAD', '--', path], ...(signal ? { signal } : {}) })) out.set(path, e.commit);
      } catch {
        // leave it without a commit
      }
    }
  };
  await Promise.all([work(), work()]);
  return out;
}

/** path -> blob at HEAD, for the paths asked about. */
async function headTree(repo: RepoHandle, paths: Set<string>, signal?: AbortSignal): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (paths.size === 0) return out;
  if (!(await gitMaybe(repo, ['rev-parse', '--verify', '-q', 'HEAD^{tree}']))) return out;
  for await (const rec of gitRecords(repo, ['ls-tree', '-r', '-z', '--full-tree', 'HEAD'], { separator: 0, ...(signal ? { signal } : {}) })) {
    const tab = rec.indexOf('\t');
    if (tab < 0) continue;
    const path = rec.slice(tab + 1);
    if (!paths.has(path)) continue;
    const [, type, id] = rec.slice(0, tab).split(' ');
    if (type === 'blob' && id) out.set(path, id);
  }
  return out;
}

/** blob -> paths in the index (a working tree's staged, uncommitted content). */
async function indexPaths(repo: RepoHandle, blobs: Set<string>, env?: Record<string, string>): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const text = await git(repo, ['ls-files', '-s', '-z'], env ? { env } : {}).catch(() => Buffer.alloc(0));
  for (const rec of text.toString('utf8').split('\0')) {
    const tab = rec.indexOf('\t');
    if (tab < 0) continue;
    const id = rec.slice(0, tab).split(' ')[1];
    if (id && blobs.has(id)) out.set(id, [...(out.get(id) ?? []), rec.slice(tab + 1)]);
  }
  return out;
}
