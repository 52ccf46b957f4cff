// Content and finding identities: git-style blob ids and stable finding ids.
import { createHash } from 'node:crypto';

/** The id git gives a blob with these bytes: sha1("blob <len>\0" + bytes). */
export function blobId(bytes: Uint8Array): string {
  const h = createHash('sha1');
  h.update(`blob ${bytes.length}\0`);
  h.update(bytes);
  return h.digest('hex');
}

/** Normalizes a secret for identity: trims white space and folds escaped and real line breaks. */
export function normalizeSecret(secret: string): string {
  return secret.replace(/\\r|\\n|\r|\n/g, '\n').replace(/[ \t]+\n/g, '\n').trim();
}

/** A finding id: the same secret under the same rule is the same finding wherever it appears. */
export function findingId(ruleId: string, secret: string): string {
  return createHash('sha256').update(ruleId).update('\0').update(normalizeSecret(secret)).digest('hex').slice(0, 24);
}
