// Turns the inputs a user names on the command line into Sources.
import type { Source } from './source.js';
import { fsSource, stdinSource } from './fs/fs-source.js';

export interface OpenOptions {
  exclude: string[];
  gitignore: boolean;
  readStdin: () => Promise<Buffer>;
}

export function openSources(inputs: string[], opts: OpenOptions): Source[] {
  return inputs.map((input) => (input === '-' ? stdinSource(opts.readStdin) : fsSource(input, { exclude: opts.exclude, gitignore: opts.gitignore })));
}
