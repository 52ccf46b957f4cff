// What a report may print of a secret: the redacted form, and context lines with the secret
// (and its base64, hex, percent and escaped encodings) replaced, unless secrets are to be shown.
import { redact, redactIn } from '../core/redact.js';
import type { Finding, Location } from '../core/types.js';

/** The secret as a report prints it: raw with showSecrets, redacted otherwise. */
export function secretText(f: Finding, showSecrets: boolean): string {
  if (showSecrets) return f.secret;
  return f.redacted !== '' ? f.redacted : redact(f.secret);
}

/** The base64 text of `bytes` that is fixed whatever bytes surround them, for each of the 3 alignments. */
function base64Cores(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let k = 0; k < 3; k++) {
    const full = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64').replace(/=+$/, '');
    const n = k + bytes.length;
    // Leading chars mix in the unknown bytes before; a trailing partial group mixes in the bytes after.
    const core = full.slice(k === 0 ? 0 : k + 1, n % 3 === 0 ? full.length : full.length - 1);
    if (core.length >= 8) out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

/** Encoded spellings per secret: a finding's locations all ask for the same (a report asks thousands of times). */
const formsOf = new Map<string, string[]>();

/** Encoded spellings of `secret` that may sit in a context line instead of the secret itself. */
export function encodedForms(secret: string): string[] {
  let forms = formsOf.get(secret);
  if (!forms) {
    if (formsOf.size >= 4096) formsOf.clear();
    formsOf.set(secret, (forms = computeForms(secret)));
  }
  return forms;
}

function computeForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const hex = bytes.toString('hex');
  const forms = [
    ...base64Cores(bytes),
    hex,
    hex.toUpperCase(),
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
  ];
  return [...new Set(forms)].filter((s) => s.length >= 4 && s !== secret).sort((a, b) => b.length - a.length);
}

/** Long runs of token alphabet: what is masked when no spelling of the secret was found in a context. */
const ENCODED_RUN = /[A-Za-z0-9+/_%\\-]{16,}={0,2}/g;

/**
 * The location's context line as a report prints it. Without showSecrets the secret is replaced by its
 * redacted form, as are its encoded spellings; where none of them is found (an encoding spelled another
 * way, a line cut short mid-secret), every long run of token-like text is masked instead.
 */
export function contextText(f: Finding, loc: Location, showSecrets: boolean): string {
  if (showSecrets) return loc.context;
  const r = secretText(f, false);
  // Encoded spellings first, longest first (an escaped multi-line key goes as one piece, not line by line);
  // the raw secret only in the text between them, so no replacement is itself replaced again.
  const forms = encodedForms(f.secret);
  const replace = (text: string, k: number): string => {
    // Forms the text does not hold are passed over without splitting it (most contexts hold none).
    while (k < forms.length && !text.includes(forms[k]!)) k++;
    if (k === forms.length) return redactIn(text, f.secret);
    return text.split(forms[k]!).map((part) => replace(part, k + 1)).join(r);
  };
  const out = replace(loc.context, 0);
  return out !== loc.context ? out : out.replace(ENCODED_RUN, '…(hidden)');
}
