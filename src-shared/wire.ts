import { z } from 'zod';

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

export const WireErrorSchema = z.object({
  code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
  message: z.string(),
  details: z.unknown().optional(),
});
export type WireError = z.infer<typeof WireErrorSchema>;

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
