import type { ErrorCode, WireError } from '../../src-shared/wire';
import { fsErrorMessage } from './fs-errors';

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

/** JSON.parse that throws `fail(reason)` for text that is not JSON, so each reader words its own error. */
export function parseJsonOr(text: string, fail: (reason: string) => Error): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw fail((err as Error).message);
  }
}

/** Turns anything thrown into a plain WireError; file-system errors people fix become BAD_INPUT, unknown ones INTERNAL. */
export function toWireError(err: unknown): WireError {
  if (err instanceof BarcatError) return { code: err.code, message: err.message, details: err.details };
  if (err instanceof Error && err.name === 'AbortError') return { code: 'CANCELLED', message: 'cancelled' };
  // A full disk or a read-only folder is the user's to fix, not an internal error.
  const fs = fsErrorMessage(err);
  if (fs)
    return {
      code: 'BAD_INPUT',
      message: fs,
      details: {
        reason: 'fs',
        errno: (err as NodeJS.ErrnoException).code,
        path: (err as NodeJS.ErrnoException).path,
      },
    };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `internal error: ${message}` };
}
