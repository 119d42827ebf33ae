import type { z } from 'zod';
import { HttpStatusError, TransportError } from '../../providers/errors';
import { parseJson } from '../../providers/json';
import { JSON_RESPONSE_LIMIT, readCapped } from '../../providers/limits';

const TIMEOUT_MS = 30_000;

/** One GET of a symbol list page: timeout, size cap and shape check as for bar requests. */
export async function getJson<S extends z.ZodType>(
  url: URL,
  headers: Record<string, string>,
  schema: S,
  what: string,
  maxBytes = JSON_RESPONSE_LIMIT,
): Promise<z.output<S>> {
  let res: Response;
  let body: Uint8Array;
  try {
    res = await fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
    body = await readCapped(res, maxBytes, what);
  } catch (err) {
    if ((err as Error).name === 'ResponseTooLarge') throw err;
    const cause = (err as { cause?: { code?: string } }).cause;
    throw new TransportError(`${what}: connection failed (${cause?.code ?? (err as Error).message})`, false);
  }
  const raw = { status: res.status, headers: res.headers, body, text: () => new TextDecoder().decode(body) };
  if (res.status < 200 || res.status >= 300)
    throw new HttpStatusError(
      res.status,
      `${what}: HTTP ${res.status} ${raw.text().slice(0, 200)}`,
      undefined,
      raw.text(),
    );
  return parseJson(raw, schema, what);
}
