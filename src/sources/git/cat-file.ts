// Streams object contents out of one long-lived `git cat-file --batch`, restarting it past a corrupt object.
import type { ChildProcess } from 'node:child_process';
import { exited, lastLines, spawnGit, waitDrain, type LineSource, type RepoHandle } from './run.js';

export type CatResult =
  /** `bytes` is its own ArrayBuffer, so the pipeline can transfer it to a worker without a copy. */
  | { kind: 'object'; id: string; type: string; size: number; bytes: Uint8Array }
  /** cat-file answered `<id> missing` (absent, or a loose object whose header does not inflate). */
  | { kind: 'missing'; id: string }
  /** cat-file died while reading this object (a corrupt loose object or pack entry). */
  | { kind: 'failed'; id: string; message: string };

const MAX_RESTARTS = 10_000;

interface Body {
  id: string;
  type: string;
  size: number;
  bytes: Uint8Array;
  got: number;
}

/**
 * Reads the objects named by `ids` in order, yielding the results a chunk of output at a time. Ids are
 * written to git as results are read, with backpressure both ways, so memory holds a pipe's worth of
 * ids and the objects being handed over, never the whole set. If git dies on an object, that object
 * is reported as failed and a new process carries on with the ids after it.
 */
export async function* catFileBatch(repo: RepoHandle, ids: LineSource, signal?: AbortSignal): AsyncGenerator<CatResult[]> {
  const source = toAsyncIterator(ids);
  const state = { sourceDone: false };
  let resend: string[] = [];
  let p: ChildProcess | undefined;
  try {
    for (let round = 0; ; round++) {
      if (signal?.aborted) return;
      // --buffer: output in large writes (git flushes what it holds when it exits, even on a fatal error).
      const proc = spawnGit(repo, ['cat-file', '--batch', '--buffer'], signal ? { signal } : {});
      p = proc;
      let stderr = '';
      proc.stderr!.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString('utf8')).slice(-8192);
      });
      proc.on('error', () => {});
      proc.stdin!.on('error', () => {});
      let dead = false;
      proc.once('exit', () => (dead = true));
      /** Ids written to this process and not answered yet: pending[head] is the one git is on. */
      const pending: string[] = [];
      let head = 0;
      const toSend = resend;
      resend = [];
      const writer = writeIds(proc, toSend, source, pending, state, () => dead || proc.stdin!.destroyed || !!signal?.aborted);

      let body: Body | undefined;
      let partial: Buffer | undefined;
      for await (const chunk of proc.stdout! as AsyncIterable<Buffer>) {
        const out: CatResult[] = [];
        let at = 0;
        while (at < chunk.length) {
          if (body) {
            const n = Math.min(body.size + 1 - body.got, chunk.length - at);
            const copy = Math.min(n, body.size - body.got);
            if (copy > 0) body.bytes.set(chunk.subarray(at, at + copy), body.got);
            body.got += n;
            at += n;
            if (body.got === body.size + 1) {
              out.push({ kind: 'object', id: body.id, type: body.type, size: body.size, bytes: body.bytes });
              body = undefined;
              head++;
            }
            continue;
          }
          const nl = chunk.indexOf(10, at);
          if (nl < 0) {
            partial = partial ? Buffer.concat([partial, chunk.subarray(at)]) : Buffer.from(chunk.subarray(at));
            break;
          }
          const line = (partial ? Buffer.concat([partial, chunk.subarray(at, nl)]) : chunk.subarray(at, nl)).toString('latin1');
          partial = undefined;
          at = nl + 1;
          const parts = line.split(' ');
          const size = parts.length === 3 ? Number(parts[2]) : NaN;
          if (Number.isSafeInteger(size) && size >= 0) {
            body = { id: parts[0]!, type: parts[1]!, size, bytes: new Uint8Array(size), got: 0 };
          } else {
            head++;
            out.push({ kind: 'missing', id: parts[0] ?? line });
          }
        }
        if (head > 4096 && head * 2 > pending.length) {
          pending.splice(0, head);
          head = 0;
        }
        if (out.length) yield out;
      }
      const code = await exited(proc);
      dead = true;
      const unsent = await writer;
      if (signal?.aborted) return;
      const unanswered = pending.slice(head);
      if (code === 0 && !body && unanswered.length === 0) {
        if (state.sourceDone && unsent.length === 0) return;
        resend = unsent;
        continue;
      }
      // git stopped early: the object it was reading (or about to answer) is the bad one.
      const bad = body?.id ?? unanswered[0];
      if (bad === undefined) throw new Error(`git cat-file failed: ${lastLines(stderr) || `exit ${code ?? proc.signalCode}`}`);
      if (unanswered[0] === bad) unanswered.shift();
      yield [{ kind: 'failed', id: bad, message: lastLines(stderr) || `git cat-file exited with ${code ?? proc.signalCode}` }];
      resend = [...unanswered, ...unsent];
      if (round >= MAX_RESTARTS) throw new Error(`git cat-file failed ${round} times; giving up: ${lastLines(stderr)}`);
    }
  } finally {
    if (p && p.exitCode === null && p.signalCode === null) p.kill();
    if (!state.sourceDone) void source.return?.()?.catch(() => {});
  }
}

/**
 * Writes `first`, then ids from `source`, recording each in `pending` as it is sent. Returns the ids
 * taken but not sent (the process died or the scan stopped), to send to the next process.
 */
async function writeIds(p: ChildProcess, first: string[], source: AsyncIterator<string | string[]>, pending: string[], state: { sourceDone: boolean }, stop: () => boolean): Promise<string[]> {
  const stdin = p.stdin!;
  const send = async (ids: string[]): Promise<void> => {
    for (const id of ids) pending.push(id);
    if (!stdin.write(ids.join('\n') + '\n')) await waitDrain(stdin);
  };
  try {
    for (let i = 0; i < first.length; i += 256) {
      if (stop()) return first.slice(i);
      await send(first.slice(i, i + 256));
    }
    while (!state.sourceDone) {
      if (stop()) return [];
      const next = await source.next();
      if (next.done) {
        state.sourceDone = true;
        break;
      }
      const ids = typeof next.value === 'string' ? [next.value] : next.value;
      if (stop()) return ids;
      if (ids.length) await send(ids);
    }
    return [];
  } finally {
    stdin.end();
  }
}

function toAsyncIterator<T>(it: AsyncIterable<T> | Iterable<T>): AsyncIterator<T> {
  if (Symbol.asyncIterator in it) return (it as AsyncIterable<T>)[Symbol.asyncIterator]();
  const sync = (it as Iterable<T>)[Symbol.iterator]();
  return {
    next: async () => sync.next(),
    return: async () => sync.return?.() ?? { done: true, value: undefined },
  };
}
