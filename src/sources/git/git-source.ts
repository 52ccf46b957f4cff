// A Source over one git repository: each unique blob once by its id, commit and tag messages, and provenance on resolve.
import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { Provenance, ScanIssue } from '../../core/types.js';
import { errorMessage } from '../../core/errors.js';
import type { RepoNote, Source, SourceItem } from '../source.js';
import { catFileBatch } from './cat-file.js';
import { isBlobMode, logRaw, type CommitMeta } from './history.js';
import { blobNames, listAllObjects, listReachableObjects, parseCommit, parseTag, unreachableCommits, type ObjectInfo } from './objects.js';
import { repoFingerprint } from './fingerprint.js';
import { COMMIT_MESSAGE, TAG_MESSAGE, resolveGitLocations } from './provenance.js';
import { git, gitMaybe, gitRecordBatches, gitRecords, type RepoHandle } from './run.js';
import { readsHistory, scanMode, validateScope, type GitScope, type ScanMode } from './scope.js';

export interface GitSourceOptions extends GitScope {
  /** Blobs larger than this are skipped without being read (default 100 MiB). */
  maxFileSize?: number;
  /** Also scan a working tree's uncommitted files (changed or untracked, not ignored). Default true. */
  uncommitted?: boolean;
  /** Globs for uncommitted files to leave out (as --exclude). */
  exclude?: string[];
  /** Honour .gitignore for uncommitted files (default true). */
  gitignore?: boolean;
  /**
   * Incremental rescans: true for a blob, commit or tag id already scanned with the same rules. Such an
   * object is not read; it is yielded as a `known` item (a blob with its places, to be resolved).
   */
  skipBlob?: (id: string) => boolean;
}

const DEFAULT_MAX = 100 << 20;
const SNIFF = 8000;
const LFS = Buffer.from('version https://git-lfs.github.com/spec/v1');
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

type GitProvenance = Extract<Provenance, { kind: 'git' }>;

/** Where one blob was seen when the scope already knows it (log, HEAD tree, index). */
interface Seen {
  path: string;
  commit?: CommitMeta;
  unreachable?: boolean;
  atHead?: boolean;
}

function isBinary(b: Uint8Array): boolean {
  const n = Math.min(b.length, SNIFF);
  for (let i = 0; i < n; i++) if (b[i] === 0) return true;
  return false;
}

/** Shared by a source's items() and resolve(): what the scan learned that resolving needs. */
interface Learned {
  /** Commits no ref reaches (full scans). */
  unreachable?: string[];
}

function isLfsPointer(b: Uint8Array): boolean {
  return b.length < 1024 && b.length >= LFS.length && LFS.equals(b.subarray(0, LFS.length));
}

export function gitSource(repo: RepoHandle, opts: GitSourceOptions = {}): Source {
  validateScope(opts);
  const mode = scanMode(opts);
  const max = opts.maxFileSize ?? DEFAULT_MAX;
  const mine = new WeakSet<object>();
  // Provenances whose path is only a name hint (for the analyzers): resolve() puts the real places in.
  const provisional = new WeakSet<object>();
  const learned: Learned = {};
  const own = <T extends GitProvenance>(p: T): T => {
    mine.add(p);
    return p;
  };
  // A pre-commit hook runs with GIT_INDEX_FILE set to the index being committed.
  const indexEnv: Record<string, string> | undefined =
    mode.kind === 'staged' && process.env.GIT_INDEX_FILE ? { GIT_INDEX_FILE: path.resolve(process.env.GIT_INDEX_FILE) } : undefined;
  const counts = { lfs: 0 };
  const issue = (code: string, message: string): SourceItem => ({ kind: 'issue', issue: { input: repo.id, code, message } });
  const note = (code: string, message: string): SourceItem => ({ kind: 'issue', issue: { input: repo.id, code, message, level: 'note' } });

  /**
   * A blob's bytes -> the items for it: skipped (LFS pointer), or one item per place already known, or
   * one item whose path is a name hint, completed by resolve(). Binary blobs go to the pipeline too:
   * its analyzers open archives, and it counts the rest as binary.
   */
  function* blobItems(id: string, bytes: Uint8Array, seen: Seen[] | undefined, name: string | undefined): Generator<SourceItem> {
    if (isLfsPointer(bytes)) {
      counts.lfs++;
      const where = `${repo.id}:${seen?.[0]?.path ?? name ?? `blob ${id}`}`;
      yield { kind: 'skipped', reason: 'binary', input: where, bytes: bytes.length, message: 'Git LFS pointer: the content is stored outside the repository' };
      return;
    }
    if (!seen) {
      const p = own({ kind: 'git', repo: repo.id, path: name ?? '', blob: id });
      provisional.add(p);
      yield { kind: 'blob', id, bytes, provenance: p };
      return;
    }
    for (const s of seen) {
      const p: GitProvenance = { kind: 'git', repo: repo.id, path: s.path, blob: id };
      if (s.commit) p.commit = { id: s.commit.id, author: s.commit.author, email: s.commit.email, date: s.commit.date, summary: s.commit.summary };
      if (s.atHead !== undefined) p.atHead = s.atHead;
      if (s.unreachable) p.unreachable = true;
      // Same id: the pipeline scans the bytes once and gives each place the same matches.
      yield { kind: 'blob', id, bytes, provenance: own(p) };
    }
  }

  /** A known blob's items: one per place already known, or one whose path is a name hint, completed by resolve(). */
  function knownItems(id: string, size: number, seen: Seen[] | undefined, name: string | undefined): SourceItem[] {
    if (!seen) {
      const p = own({ kind: 'git', repo: repo.id, path: name ?? '', blob: id });
      provisional.add(p);
      return [{ kind: 'known', id, size, provenance: p }];
    }
    return seen.map((s) => {
      const p: GitProvenance = { kind: 'git', repo: repo.id, path: s.path, blob: id };
      if (s.commit) p.commit = { id: s.commit.id, author: s.commit.author, email: s.commit.email, date: s.commit.date, summary: s.commit.summary };
      if (s.atHead !== undefined) p.atHead = s.atHead;
      if (s.unreachable) p.unreachable = true;
      return { kind: 'known', id, size, provenance: own(p) };
    });
  }

  function messageItem(path: string, id: string, bytes: Uint8Array, commit: GitProvenance['commit'], extra: Partial<GitProvenance> = {}): SourceItem | undefined {
    if (bytes.length === 0 || isBinary(bytes)) return undefined;
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    // The object id lets an incremental rescan skip a message it has scanned (a commit or tag id is no blob's).
    return { kind: 'blob', id, bytes: copy, provenance: own({ kind: 'git', repo: repo.id, path, blob: id, ...(commit ? { commit } : {}), ...extra }) };
  }

  /** Reads the named objects and turns each into items; `seen` gives known places per blob. */
  async function* readObjects(objects: AsyncIterable<ObjectInfo[]>, seen: Map<string, Seen[]> | undefined, signal?: AbortSignal, names?: Map<string, string>): AsyncGenerator<SourceItem> {
    const held: SourceItem[] = [];
    /** Names of the ids written and not yet read back (a pipe's worth). */
    const inflight = new Map<string, string>();
    async function* ids(): AsyncGenerator<string[]> {
      for await (const batch of objects) {
        const out: string[] = [];
        for (const o of batch) {
          if (o.type === 'blob') {
            const name = seen?.get(o.id)?.[0]?.path ?? o.name ?? names?.get(o.id);
            if (o.size > max) held.push({ kind: 'skipped', reason: 'too-large', input: `${repo.id}:${name ?? `blob ${o.id}`}`, bytes: o.size });
            else if (opts.skipBlob?.(o.id)) held.push(...knownItems(o.id, o.size, seen?.get(o.id), name));
            else {
              if (o.name) inflight.set(o.id, o.name);
              out.push(o.id);
            }
          } else if (o.type === 'commit' || o.type === 'tag') {
            if (opts.skipBlob?.(o.id)) held.push({ kind: 'known', id: o.id });
            else out.push(o.id);
          } else if (o.type === 'missing') {
            held.push(issue('GIT_OBJECT_MISSING', `object ${o.id} is missing or corrupt; scanning goes on`));
          }
        }
        if (out.length) yield out;
      }
    }
    for await (const results of catFileBatch(repo, ids(), signal)) {
      for (const r of results) {
        if (held.length) yield* held.splice(0);
        if (r.kind === 'missing') {
          yield issue('GIT_OBJECT_MISSING', `object ${r.id} is missing or corrupt; scanning goes on`);
        } else if (r.kind === 'failed') {
          yield issue('GIT_OBJECT_CORRUPT', `object ${r.id} could not be read (${r.message}); scanning goes on`);
        } else if (r.type === 'blob') {
          const name = inflight.get(r.id) ?? names?.get(r.id);
          inflight.delete(r.id);
          yield* blobItems(r.id, r.bytes, seen?.get(r.id), name);
        } else if (r.type === 'commit') {
          const c = parseCommit(r.id, r.bytes);
          const item = messageItem(COMMIT_MESSAGE, r.id, c.message, c.info);
          if (item) yield item;
        } else if (r.type === 'tag') {
          const t = parseTag(r.bytes);
          const commit = { id: r.id, author: t.tagger?.name ?? '', email: t.tagger?.email ?? '', date: t.tagger?.date ?? '', summary: `tag ${t.name}` };
          const item = messageItem(TAG_MESSAGE, r.id, t.message, commit, t.name ? { refs: [t.name] } : {});
          if (item) yield item;
        }
      }
    }
    if (held.length) yield* held.splice(0);
  }

  /** Type and size of known blob ids, without reading them. */
  async function* check(ids: Iterable<string>, signal?: AbortSignal): AsyncGenerator<ObjectInfo[]> {
    const args = ['cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)'];
    for await (const lines of gitRecordBatches(repo, args, { separator: 10, input: ids, ...(signal ? { signal } : {}) })) {
      const out: ObjectInfo[] = [];
      for (const line of lines) {
        const [id, type, size] = line.split(' ');
        if (id) out.push({ id, type: size === undefined ? 'missing' : type!, size: Number(size ?? 0) });
      }
      yield out;
    }
  }

  /** Commits selected by `revs`: their messages, then the blobs they add, each at its earliest commit. */
  async function* logItems(m: Extract<ScanMode, { kind: 'log' }>, signal?: AbortSignal): AsyncGenerator<SourceItem> {
    const seen = new Map<string, Map<string, Seen>>();
    const take = async function* (revs: string[], unreachable: boolean, stdin?: string[]): AsyncGenerator<SourceItem> {
      for await (const e of logRaw(repo, { revs, body: true, ...(stdin ? { stdin } : {}), ...(signal ? { signal } : {}) })) {
        const { id, author, email, date, summary, body } = e.commit;
        const item = opts.skipBlob?.(id) ? ({ kind: 'known', id } as const) : messageItem(COMMIT_MESSAGE, id, Buffer.from(body ?? '', 'utf8'), { id, author, email, date, summary }, unreachable ? { unreachable: true } : {});
        if (item) yield item;
        for (const c of e.changes) {
          if (!isBlobMode(c.mode)) continue;
          let paths = seen.get(c.blob);
          if (!paths) seen.set(c.blob, (paths = new Map()));
          const old = paths.get(c.path);
          // Log order is newest first: a later sighting is an earlier commit. Reachable ones win.
          if (!old || !unreachable || (old.unreachable && e.commit.time < old.commit!.time)) {
            paths.set(c.path, { path: c.path, commit: e.commit, ...(unreachable ? { unreachable } : {}) });
          }
        }
      }
    };
    try {
      yield* take(['--date-order', ...m.revs], false);
      if (m.unreachableSince !== undefined) {
        const lost = await unreachableCommits(repo, signal);
        if (lost.length) yield* take(['--no-walk=unsorted', '--stdin', `--since=${m.unreachableSince}`], true, lost);
      }
    } catch (err) {
      yield issue('GIT_LOG_FAILED', errorMessage(err));
    }
    const places = new Map<string, Seen[]>([...seen].map(([blob, paths]) => [blob, [...paths.values()]]));
    yield* readObjects(check(places.keys(), signal), places, signal);
  }

  /** The HEAD tree, each blob with every path it has there. */
  async function* headItems(signal?: AbortSignal): AsyncGenerator<SourceItem> {
    if (!(await gitMaybe(repo, ['rev-parse', '--verify', '-q', 'HEAD^{tree}']))) return;
    const places = new Map<string, Seen[]>();
    const sizes = new Map<string, number>();
    for await (const rec of gitRecords(repo, ['ls-tree', '-r', '-z', '-l', '--full-tree', 'HEAD'], { separator: 0, ...(signal ? { signal } : {}) })) {
      const tab = rec.indexOf('\t');
      const [, type, id, size] = rec.slice(0, tab).split(/ +/);
      if (tab < 0 || type !== 'blob' || !id) continue;
      places.set(id, [...(places.get(id) ?? []), { path: rec.slice(tab + 1), atHead: true }]);
      sizes.set(id, Number(size));
    }
    yield* readObjects(
      (async function* () {
        yield [...sizes].map(([id, size]) => ({ id, type: 'blob', size }));
      })(),
      places,
      signal,
    );
  }

  /** What the index adds or changes against HEAD (or against nothing before the first commit). */
  async function* stagedItems(signal?: AbortSignal): AsyncGenerator<SourceItem> {
    if (!repo.workTree) {
      yield issue('GIT_NO_INDEX', '--staged needs a working tree; this is a bare repository');
      return;
    }
    const base = (await gitMaybe(repo, ['rev-parse', '--verify', '-q', 'HEAD'])) ? 'HEAD' : EMPTY_TREE;
    const out = await git(repo, ['diff-index', '--cached', '--raw', '-z', '--no-renames', '--no-abbrev', '--diff-filter=ACMT', base], indexEnv ? { env: indexEnv } : {});
    const places = new Map<string, Seen[]>();
    const toks = out.toString('utf8').split('\0');
    for (let i = 0; i + 1 < toks.length; i += 2) {
      const f = toks[i]!.replace(/^\n/, '').slice(1).split(' ');
      const mode = f[1];
      const id = f[3];
      if (!mode || !id || !isBlobMode(mode) || /^0+$/.test(id)) continue;
      places.set(id, [...(places.get(id) ?? []), { path: toks[i + 1]! }]);
    }
    yield* readObjects(check(places.keys(), signal), places, signal);
  }

  /** A working tree's files that differ from the index or HEAD, or are untracked (and not ignored). */
  async function* uncommittedItems(): AsyncGenerator<SourceItem> {
    const wt = repo.workTree!;
    const others = ['ls-files', '-z', '--modified', '--others', ...(opts.gitignore === false ? [] : ['--exclude-standard'])];
    const lists = await Promise.all([git(repo, others), git(repo, ['diff-index', '--cached', '--name-only', '-z', '--no-renames', 'HEAD']).catch(() => Buffer.alloc(0))]);
    const excluded = opts.exclude?.length ? picomatch(opts.exclude, { dot: true }) : () => false;
    const rels = new Set(lists.flatMap((b) => b.toString('utf8').split('\0')).filter((p) => p !== ''));
    for (const rel of [...rels].sort()) {
      if (excluded(rel) || excluded(path.basename(rel))) continue;
      const full = path.join(wt, rel);
      let st: fs.Stats;
      try {
        st = await fs.promises.stat(full);
      } catch {
        continue; // deleted in the working tree
      }
      if (st.isFile()) yield { kind: 'file', path: full, size: st.size, provenance: { kind: 'file', path: full } };
    }
  }

  /** Notes about what a history scan cannot see: a shallow clone's missing history, submodules. */
  async function* notes(): AsyncGenerator<SourceItem> {
    const shallow = (await gitMaybe(repo, ['rev-parse', '--is-shallow-repository']))?.toString().trim();
    if (shallow === 'true') yield note('GIT_SHALLOW', 'shallow clone: history before the shallow boundary is not in this repository and was not scanned');
    if (!(await gitMaybe(repo, ['rev-parse', '--verify', '-q', 'HEAD^{tree}']))) return;
    const links: string[] = [];
    for await (const rec of gitRecords(repo, ['ls-tree', '-r', '-z', '--full-tree', 'HEAD'], { separator: 0 })) {
      if (rec.startsWith('160000 ')) links.push(rec.slice(rec.indexOf('\t') + 1));
    }
    if (links.length) {
      const shown = links.slice(0, 5).join(', ') + (links.length > 5 ? `, and ${links.length - 5} more` : '');
      yield note('GIT_SUBMODULES', `submodules are not followed (scan their repositories separately): ${shown}`);
    }
  }

  async function hasAlternates(): Promise<boolean> {
    const file = (await gitMaybe(repo, ['rev-parse', '--git-path', 'objects/info/alternates']))?.toString().trim();
    if (!file) return false;
    try {
      return fs.readFileSync(path.resolve(repo.workTree ?? repo.gitDir, file), 'utf8').trim() !== '';
    } catch {
      return false;
    }
  }

  /** The repository's history (what mode selects), with its notes. */
  async function* historyItems(signal?: AbortSignal): AsyncGenerator<SourceItem> {
    const ok = await git(repo, ['rev-parse', '--git-dir']).then(
      () => undefined,
      (err: unknown) => errorMessage(err),
    );
    if (ok !== undefined) {
      yield issue('GIT_UNREADABLE', `not a readable git repository: ${ok}`);
      return;
    }
    if (readsHistory(mode)) yield* notes();
    switch (mode.kind) {
      case 'staged':
        yield* stagedItems(signal);
        break;
      case 'log':
        yield* logItems(mode, signal);
        break;
      case 'head':
        yield* headItems(signal);
        break;
      case 'reachable':
        yield* readObjects(listReachableObjects(repo, signal), undefined, signal);
        break;
      case 'all': {
        if (await hasAlternates()) {
          // Objects borrowed from another repository (Bitbucket forks share one store): only
          // what this repository's refs reach is its own.
          yield* readObjects(listReachableObjects(repo, signal), undefined, signal);
          break;
        }
        learned.unreachable = await unreachableCommits(repo, signal);
        const names = await blobNames(repo, learned.unreachable, signal);
        yield* readObjects(listAllObjects(repo, signal), undefined, signal, names);
        break;
      }
    }
    if (counts.lfs > 0 && readsHistory(mode)) {
      yield note('GIT_LFS_POINTERS', `${counts.lfs} Git LFS pointer file${counts.lfs > 1 ? 's' : ''}: the content is stored outside the repository and was not scanned`);
    }
  }

  /** A working tree's uncommitted files, when the scope includes them. */
  async function* worktreeItems(signal?: AbortSignal): AsyncGenerator<SourceItem> {
    const uncommitted = opts.uncommitted !== false && repo.workTree && mode.kind !== 'staged' && !(mode.kind === 'log' && (mode.range || opts.branch !== undefined));
    if (uncommitted && !signal?.aborted) {
      try {
        yield* uncommittedItems();
      } catch (err) {
        yield issue('GIT_WORKTREE_UNREADABLE', errorMessage(err));
      }
    }
  }

  return {
    name: repo.id,
    async *items(signal?: AbortSignal): AsyncGenerator<SourceItem> {
      // Incremental rescans of a whole repository: when the store saw exactly this state with these
      // rules, it recalls the findings and the history is not read at all.
      let fingerprint: string | undefined;
      const gitDir = path.resolve(repo.gitDir);
      if (opts.skipBlob && (mode.kind === 'all' || mode.kind === 'reachable')) {
        fingerprint = repoFingerprint(repo, JSON.stringify([mode.kind, max]));
        if (fingerprint !== undefined) {
          const reply = { unchanged: false };
          yield { kind: 'repo-state', gitDir, repo: repo.id, fingerprint, reply };
          if (reply.unchanged) {
            yield* worktreeItems(signal);
            return;
          }
        }
      }
      const ids = new Set<string>();
      const notes: RepoNote[] = [];
      let troubled = false;
      for await (const item of historyItems(signal)) {
        if (item.kind === 'known' || (item.kind === 'blob' && item.id !== undefined)) ids.add(item.id!);
        else if (item.kind === 'skipped') notes.push(item);
        else if (item.kind === 'issue') {
          if (item.issue.level === 'note') notes.push(item);
          else troubled = true;
        }
        yield item;
      }
      if (fingerprint !== undefined && !troubled && !signal?.aborted) yield { kind: 'repo-read', gitDir, repo: repo.id, fingerprint, objects: ids.size, notes };
      yield* worktreeItems(signal);
    },
    // Not stopped by the scan's signal: an interrupted scan still reports where its findings came from
    // (a second Ctrl-C ends the process).
    async resolve(findings): Promise<ScanIssue[]> {
      return resolveGitLocations(
        {
          repo,
          isMine: (p) => mine.has(p),
          isProvisional: (p) => provisional.has(p),
          ...(learned.unreachable ? { unreachable: learned.unreachable } : {}),
          ...(indexEnv ? { env: indexEnv } : {}),
        },
        findings,
      );
    },
  };
}
