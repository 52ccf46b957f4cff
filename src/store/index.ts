// The embedded store's public surface: open a store, its types, the key and schema helpers.
export { defaultStorePath, openStore, type Store } from './store.js';
export type {
  BlobPlace,
  FindingFilter,
  SaveResult,
  ScanRecord,
  ScanStatus,
  ScannedBlob,
  SourceKind,
  SourceRef,
  StoredFinding,
  StoreOptions,
  TriageEntry,
  TriageStatus,
} from './types.js';
export { TRIAGE_STATUSES } from './types.js';
export type { RepoState } from './repo-states.js';
export { keyPathFor, type SecretHasher } from './keyed-hash.js';
export { SCHEMA_VERSION } from './schema.js';
