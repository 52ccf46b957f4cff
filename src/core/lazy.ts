// Packages loaded on first use, synchronously: format parsers that only some inputs need (a YAML
// parser for Kubernetes files, a SAX parser for Jira XML, inflate for gzip). Scan workers import every
// analyzer; loading their parsers eagerly cost each worker about 60 ms of start-up.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A function that returns the package `id`, loading it the first time it is called. */
export function lazyPackage<T>(id: string): () => T {
  let mod: T | undefined;
  return () => (mod ??= require(id) as T);
}
