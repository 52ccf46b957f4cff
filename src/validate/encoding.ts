// Strict base64 / base64url decoding shared by the validators: returns null instead of silently skipping bad input.

/** Decodes standard base64 (padding optional, white space ignored); null when the text is not base64. */
export function decodeBase64(text: string): Buffer | null {
  const s = text.replace(/\s+/g, '');
  if (s.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(s)) return null;
  const body = s.replace(/=+$/, '');
  if (body.length % 4 === 1) return null;
  if (s.includes('=') && s.length % 4 !== 0) return null;
  return Buffer.from(body, 'base64');
}

/** Decodes base64url without padding (as in JWTs); null when the text is not base64url. */
export function decodeBase64Url(text: string): Buffer | null {
  if (text.length === 0 || !/^[A-Za-z0-9_-]+={0,2}$/.test(text)) return null;
  const body = text.replace(/=+$/, '');
  if (body.length % 4 === 1) return null;
  return Buffer.from(body, 'base64url');
}
