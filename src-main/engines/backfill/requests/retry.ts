import {
  HttpStatusError,
  ProtocolError,
  ProviderRefusal,
  ResponseTooLarge,
  TransportError,
} from '../../providers/errors';

export interface RetryPolicy {
  /** Attempts for 5xx, timeouts, resets and bad bodies (the first try included). */
  maxAttempts: number;
  /** Attempts when the server says 429 (it always tells how long to wait). */
  maxRateLimitAttempts: number;
  baseMs: number;
  capMs: number;
  /** Longest Retry-After (429/418) a job waits for in place; longer ones park the request. */
  maxWaitMs: number;
  /** Per-request timeout. */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  maxRateLimitAttempts: 10,
  baseMs: 500,
  capMs: 30_000,
  maxWaitMs: 10 * 60_000,
  timeoutMs: 30_000,
};

/** Full jitter: a uniform wait in [0, min(cap, base * 2^attempt)). */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  return Math.floor(random() * Math.min(policy.capMs, policy.baseMs * 2 ** attempt));
}

export type Verdict =
  /** Try again after at least `minWaitMs` (Retry-After), counted against `budget`. */
  | { action: 'retry'; budget: 'error' | 'rate'; minWaitMs: number; pauseHost: boolean; message: string }
  /** 418: nothing goes to this host before the ban ends. */
  | { action: 'ban'; waitMs: number; message: string }
  /**
   * No retry can fix it: say why in plain words; `stopJob` when every other request would fail alike,
   * `permanent` when no later retry of the job would help either (unknown symbol, a bad request).
   */
  | { action: 'stop'; stopJob: boolean; permanent: boolean; message: string };

function bodyMessage(body: string): string {
  try {
    const data = JSON.parse(body) as Record<string, unknown>;
    // Tiingo says `detail`; Yahoo nests its reason in `chart.error.description`.
    const chart = (data.chart as { error?: { description?: unknown } } | null | undefined)?.error;
    const text = data.msg ?? data.message ?? data.error ?? data.detail ?? chart?.description;
    const code = typeof data.code === 'number' ? ` (code ${data.code})` : '';
    if (typeof text === 'string') return `${text}${code}`;
  } catch {
    // not JSON (a WAF page): say nothing more than the status
  }
  return '';
}

/** Decides what to do about a failed request, with the message a person reads. */
export function classify(err: unknown, providerLabel: string): Verdict {
  if (err instanceof HttpStatusError) {
    const s = err.status;
    const detail = bodyMessage(err.body);
    const said = detail ? `: ${detail}` : '';
    if (s === 429)
      return {
        action: 'retry',
        budget: 'rate',
        minWaitMs: err.retryAfterMs ?? 1000,
        pauseHost: true,
        message: `HTTP 429 rate limited${said}`,
      };
    if (s === 418)
      return {
        action: 'ban',
        waitMs: err.retryAfterMs ?? 120_000,
        message: `HTTP 418: ${providerLabel} banned this address for ${Math.ceil((err.retryAfterMs ?? 120_000) / 1000)} s${said}`,
      };
    if (s >= 500)
      return {
        action: 'retry',
        budget: 'error',
        minWaitMs: err.retryAfterMs ?? 0,
        pauseHost: err.retryAfterMs !== undefined,
        message: `HTTP ${s} server error${said}`,
      };
    if (s === 451)
      return {
        action: 'stop',
        stopJob: true,
        permanent: false,
        message: `${providerLabel} refuses requests from this region (HTTP 451); set another base URL (--base-url)`,
      };
    if (s === 401)
      return {
        action: 'stop',
        stopJob: true,
        permanent: false,
        message: `${providerLabel} rejected the key (HTTP 401${said}); check the key in the settings or its environment variables`,
      };
    if (s === 403)
      return {
        action: 'stop',
        stopJob: true,
        permanent: false,
        message: `${providerLabel} refused access (HTTP 403${said}); the key's plan may not cover this data, or a firewall blocks this address`,
      };
    if (s === 404)
      return {
        action: 'stop',
        stopJob: false,
        permanent: true,
        message: `${providerLabel} has no such resource (HTTP 404${said})`,
      };
    // Any other 4xx (unknown symbol, bad parameter): the same request gets the same answer.
    return {
      action: 'stop',
      stopJob: true,
      permanent: true,
      message: `${providerLabel} rejected the request (HTTP ${s}${said}); check the symbol, timeframe and range`,
    };
  }
  if (err instanceof TransportError)
    return { action: 'retry', budget: 'error', minWaitMs: 0, pauseHost: false, message: err.message };
  if (err instanceof ProtocolError)
    return { action: 'retry', budget: 'error', minWaitMs: 0, pauseHost: false, message: err.message };
  if (err instanceof ResponseTooLarge)
    return { action: 'stop', stopJob: false, permanent: false, message: err.message };
  if (err instanceof ProviderRefusal)
    return { action: 'stop', stopJob: true, permanent: false, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { action: 'stop', stopJob: true, permanent: false, message: `unexpected error: ${message}` };
}
