// The offline validator contract: a pure function from a secret (and its match) to a structural verdict.
import type { ValidationResult } from '../core/types.js';

export interface ValidatorInput {
  /** The extracted secret. */
  secret: string;
  /** The whole regex match the secret came from (may hold more context, e.g. a user name). */
  match: string;
}

export type Validator = (input: ValidatorInput) => ValidationResult;
