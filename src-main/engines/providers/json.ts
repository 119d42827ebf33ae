import type { z } from 'zod';
import { ProtocolError } from './errors';
import type { RawResponse } from './types';

/** Parses a JSON body against a zod schema; a truncated or odd body becomes a ProtocolError. */
export function parseJson<S extends z.ZodType>(res: RawResponse, schema: S, what: string): z.output<S> {
  let data: unknown;
  try {
    data = JSON.parse(res.text());
  } catch {
    throw new ProtocolError(`${what}: the answer is not complete JSON (${res.body.length} bytes)`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProtocolError(
      `${what}: unexpected answer shape at ${issue?.path.join('.') || 'top'}: ${issue?.message}`,
    );
  }
  return parsed.data;
}
