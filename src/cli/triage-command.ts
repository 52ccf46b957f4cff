// `keyhole triage ID --status S [--note TEXT]`: records a finding's triage state in the store.
import fs from 'node:fs';
import { KeyholeError } from '../core/errors.js';
import { openStore, TRIAGE_STATUSES, type TriageStatus } from '../store/index.js';
import { storePathFor, type StoreFlags } from './scan-store.js';

export interface TriageFlags extends StoreFlags {
  status: string;
  note?: string;
  quiet?: boolean;
}

export function triageCommand(id: string, flags: TriageFlags): number {
  if (!TRIAGE_STATUSES.includes(flags.status as TriageStatus)) {
    throw new KeyholeError('USAGE', `--status: "${flags.status}" is not one of ${TRIAGE_STATUSES.join(', ')}`);
  }
  const file = storePathFor({ store: flags.store ?? true });
  if (file === undefined || !fs.existsSync(file)) {
    throw new KeyholeError('INPUT_NOT_FOUND', `no store at ${file ?? '(none)'}: run keyhole scan first (or name one with --store FILE)`);
  }
  const store = openStore(file);
  try {
    const r = store.setStatus(id, flags.status as TriageStatus, flags.note);
    if (!flags.quiet) process.stdout.write(`${r.id}: ${r.previous} -> ${flags.status}${flags.note !== undefined ? ` (${flags.note})` : ''}\n`);
    return 0;
  } finally {
    store.close();
  }
}
