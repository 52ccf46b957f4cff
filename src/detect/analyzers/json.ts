// Reading a blob an analyzer takes for JSON (a notebook, Terraform state, a Jira or Confluence export).
import type { AnalyzerContext } from './types.js';

/**
 * `bytes` (the blob, `ctx.bytes`) parsed as UTF-8 JSON, or undefined (reported as `code`, with `what`
 * and the parser's message) when they are not valid JSON.
 */
export function parseJsonBlob<T>(ctx: AnalyzerContext, bytes: Uint8Array, code: string, what = 'not valid JSON'): T | undefined {
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as T;
  } catch (err) {
    ctx.report(code, `${what}: ${(err as Error).message}`);
    return undefined;
  }
}
