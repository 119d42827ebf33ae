/** A non-2xx answer. `retryAfterMs` comes from the Retry-After header when there is one. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterMs: number | undefined,
    readonly body: string,
  ) {
    super(message);
    this.name = 'HttpStatusError';
  }
}

/** A 2xx answer whose body is truncated, not JSON, or not the documented shape: worth a retry. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** No answer: timeout, connection reset or refused, body cut off mid-stream. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** A problem no retry can fix on this path (bad key, next_url to another host, bad checksum). */
export class ProviderRefusal extends Error {
  constructor(
    message: string,
    /** The source refuses it for good (no such contract, no permission): a retry would not help. */
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'ProviderRefusal';
  }
}

/** Seconds or an HTTP date, as Retry-After allows; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - nowMs) : undefined;
}

/** An answer over the size cap: refused as it streams in and not retried (it would come back as big). */
export class ResponseTooLarge extends Error {
  constructor(what: string, limit: string, seen: string, setting: 'maxResponseBytes' | 'maxUnzippedBytes') {
    super(
      `${what}: the answer is larger than the ${limit} limit (${seen}); refused without retry. If this size is expected, raise the limit (${setting})`,
    );
    this.name = 'ResponseTooLarge';
  }
}

/**
 * An error some exchanges send inside a 200 answer (Bybit retCode, OKX code, Kraken error[]), turned
 * into the HTTP status that means the same to the retry policy (429 rate limit, 400 refused for good).
 */
export function inBodyError(status: number, message: string, retryAfterMs?: number): HttpStatusError {
  return new HttpStatusError(status, message, retryAfterMs, JSON.stringify({ msg: message }));
}
