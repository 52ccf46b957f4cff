// Signal keywords: looked for by the prefilter alongside the rules' keywords, but tied to no rule. A
// scan notes which ones occurred, so that work which needs them (the suppression of encrypted values,
// the inline allow comments) is skipped without searching the blob again. Lower-case; matched without
// case, like all keywords.

/** Markers of encrypted values: SOPS, Ansible Vault, Bitnami SealedSecret (detect/analyzers/encrypted.ts). */
export const ENCRYPTION_SIGNALS = ['enc[', '$ansible_vault', '!vault', 'encrypteddata'] as const;

/** Inline allow comments (detect/allow-comments.ts). */
export const ALLOW_SIGNALS = ['keyhole:allow', 'gitleaks:allow'] as const;

export const SIGNALS: readonly string[] = [...ENCRYPTION_SIGNALS, ...ALLOW_SIGNALS];
