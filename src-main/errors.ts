import type { ErrorCode, WireError } from '../src-shared/wire';

/**
 * The one error type domain code throws on purpose. Its message is a full sentence for a person:
 * what went wrong, where (file, line, column when known), and what to do.
 */
export class BarcatError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'BarcatError';
  }
}

/** Turns anything thrown into a plain WireError; unknown errors become INTERNAL. */
export function toWireError(err: unknown): WireError {
  if (err instanceof BarcatError) return { code: err.code, message: err.message, details: err.details };
  if (err instanceof Error && err.name === 'AbortError') return { code: 'CANCELLED', message: 'cancelled' };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `internal error: ${message}` };
}
