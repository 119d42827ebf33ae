/**
 * Error codes that cross a process boundary (IPC, HTTP, worker, CLI exit). Each maps to one CLI
 * exit code: 1 data problem, 2 bad input or usage, 3 provider or connection, 4 internal.
 */
export const ERROR_CODES = {
  NOT_FOUND: 1,
  DATA: 1,
  CORRUPT: 1,
  BAD_INPUT: 2,
  USAGE: 2,
  LOCKED: 2,
  CANCELLED: 2,
  PROVIDER: 3,
  NETWORK: 3,
  INTERNAL: 4,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

/** An error as it crosses a process boundary: a reason code, its words, and fields for the renderer. */
export interface WireError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: WireError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(error: WireError): Result<never> {
  return { ok: false, error };
}

export function exitCodeFor(code: ErrorCode): number {
  return ERROR_CODES[code];
}
