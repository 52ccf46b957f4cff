// The one error class keyhole throws: a code for programs, a message for people.

export type ErrorCode =
  | 'RULE_INVALID'
  | 'RULE_FILE'
  | 'CONFIG_INVALID'
  | 'INPUT_NOT_FOUND'
  | 'INPUT_UNREADABLE'
  | 'USAGE'
  | 'INTERNAL';

export class KeyholeError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeyholeError';
    this.code = code;
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
