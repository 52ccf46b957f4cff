// Encrypted values are not findings: Ansible Vault blobs, SOPS `ENC[...]` values and SealedSecret encryptedData are suppressed.
import type { Match } from '../../core/types.js';
import { ENCRYPTION_SIGNALS } from '../../rules/signals.js';
import type { Analyzer, AnalyzerContext } from './types.js';

/** End of the run of lines after `from` that are indented more than the line holding `from` (a YAML block scalar). */
function blockEndAfter(text: string, from: number): number {
  const lineStart = text.lastIndexOf('\n', from) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0].length;
  let end = text.indexOf('\n', from);
  if (end < 0) return text.length;
  for (;;) {
    const next = text.indexOf('\n', end + 1);
    const line = text.slice(end + 1, next < 0 ? text.length : next);
    if (line.trim() !== '' && /^[ \t]*/.exec(line)![0].length <= indent) return end;
    if (next < 0) return text.length;
    end = next;
  }
}

export const encrypted: Analyzer = {
  name: 'encrypted-values',
  applies: () => true,
  suppressor: true,
  analyze(ctx: AnalyzerContext): Match[] {
    if (!ctx.bytes || ctx.bytes.length > ctx.settings.maxTextBytes) return [];
    // The rule pass already looked for the markers: a blob without any is not searched again.
    if (ctx.seen && !ENCRYPTION_SIGNALS.some((s) => ctx.seen!.has(s))) return [];
    const buf = Buffer.from(ctx.bytes.buffer, ctx.bytes.byteOffset, ctx.bytes.byteLength);
    if (buf.indexOf('ENC[') < 0 && buf.indexOf('$ANSIBLE_VAULT') < 0 && buf.indexOf('!vault') < 0 && buf.indexOf('encryptedData') < 0) return [];
    const text = buf.toString('latin1');
    // SOPS: ENC[AES256_GCM,data:...,iv:...,tag:...,type:str]
    for (const m of text.matchAll(/ENC\[[A-Z0-9_]+,[^\]\r\n]*\]/g)) ctx.suppress(m.index, m.index + m[0].length);
    // Ansible: `key: !vault |` followed by an indented vault blob.
    for (const m of text.matchAll(/!vault\s*\|/g)) ctx.suppress(m.index, blockEndAfter(text, m.index));
    // Ansible: a vault-encrypted file or block: the header line, then lines of hex.
    for (const m of text.matchAll(/\$ANSIBLE_VAULT;[0-9.]+;[A-Z0-9]+[^\n]*(?:\r?\n[ \t]*[0-9a-f]+)*/g)) ctx.suppress(m.index, m.index + m[0].length);
    // Bitnami SealedSecret: encryptedData only opens with the controller's private key.
    for (const doc of text.matchAll(/kind:\s*SealedSecret[\s\S]*?(?=\n---|$)/g)) {
      const at = doc[0].indexOf('encryptedData');
      if (at >= 0) ctx.suppress(doc.index + at, doc.index + doc[0].length);
    }
    return [];
  },
};
