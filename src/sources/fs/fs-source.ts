// A Source over files and directories on disk.
import type { Source, SourceItem } from '../source.js';
import { walk, type WalkOptions } from './walk.js';

export function fsSource(root: string, opts: Omit<WalkOptions, 'signal'>): Source {
  return {
    name: root,
    async *items(signal?: AbortSignal): AsyncGenerator<SourceItem> {
      for (const item of walk([root], { ...opts, ...(signal ? { signal } : {}) })) {
        if (item.kind === 'issue') yield item;
        else if (item.kind === 'file') yield { kind: 'file', path: item.path, size: item.size, provenance: { kind: 'file', path: item.path } };
      }
    },
  };
}

/** Standard input, read whole. */
export function stdinSource(read: () => Promise<Buffer>): Source {
  return {
    name: '-',
    async *items(): AsyncGenerator<SourceItem> {
      const bytes = await read();
      yield { kind: 'blob', bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), provenance: { kind: 'stdin', path: '-' } };
    },
  };
}
