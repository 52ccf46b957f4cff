// Messages between the scan coordinator and its worker threads.
import type { RuleProfile } from '../detect/engine.js';
import type { LoadedRule } from '../rules/compile.js';
import type { FileResult, FileScanOptions } from './scan-file.js';

export interface WorkItem {
  id: number;
  /** A file to read and scan, or bytes already read (stdin, git blobs, archive members). */
  path?: string;
  bytes?: Uint8Array;
  /** For bytes: the path they were found at (lets the analyzers recognize the format). */
  name?: string;
}

export type WorkerJob =
  /** `claims`: [0] is the index of the next published file to claim (pool.ts), shared by every thread. */
  | { type: 'init'; rules: LoadedRule[]; options: FileScanOptions; profile: boolean; claims: SharedArrayBuffer }
  /** Files published for any thread to claim: paths[i] has index base + i. */
  | { type: 'publish'; base: number; paths: string[] }
  | { type: 'scan'; batch: number; items: WorkItem[] }
  | { type: 'profile' };

export type WorkerReply =
  /** `plain`: (id, bytes) pairs of items read with nothing found, for which `results` has no entry. */
  | { type: 'results'; batch: number; results: { id: number; result: FileResult }[]; plain: number[] }
  /** Results of published files this worker claimed, by index; `plain` as above. */
  | { type: 'claimed'; results: { index: number; result: FileResult }[]; plain: number[] }
  | { type: 'profile'; profile: RuleProfile };
