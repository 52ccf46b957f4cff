// Redaction: what keyhole prints in place of a secret unless --show-secrets is given.

/** `ghp_…Ab12`: a short known prefix and the last four characters; short secrets show only length. */
export function redact(secret: string): string {
  const s = secret.replace(/\s+/g, ' ').trim();
  if (s.startsWith('-----BEGIN')) {
    const label = /^-----BEGIN ([A-Z0-9 ]+)-----/.exec(s)?.[1] ?? 'KEY';
    return `-----BEGIN ${label}-----…`;
  }
  if (s.length < 12) return `…(${s.length} chars)`;
  const prefix = /^([A-Za-z]{2,12}[_-]|[A-Za-z]{2,6}\.)/.exec(s)?.[1] ?? '';
  return `${prefix}…${s.slice(-4)}`;
}

/** Replaces every occurrence of `secret` (and its lines, for multi-line secrets) in `text`. */
export function redactIn(text: string, secret: string): string {
  const r = redact(secret);
  let out = text;
  const parts = secret.includes('\n') ? secret.split('\n').filter((p) => p.trim().length >= 4) : [secret];
  for (const p of parts) out = out.split(p.trim()).join(r);
  return out;
}
