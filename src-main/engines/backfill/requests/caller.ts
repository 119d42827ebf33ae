import { HttpStatusError, parseRetryAfter, ResponseTooLarge, TransportError } from '../../providers/errors';
import { readCapped } from '../../providers/limits';
import type { Caller, RawResponse } from '../../providers/types';
import { abortError, type Clock } from './clock';
import type { HostLimiter } from './limiter';
import { backoffMs, classify, type RetryPolicy } from './retry';

export interface AttemptRecord {
  label: string;
  attempt: number;
  status: number | null;
  outcome: 'ok' | 'retry' | 'failed';
  waitMs: number;
  message: string | null;
}

export interface CallerDeps {
  fetch: typeof fetch;
  clock: Clock;
  random: () => number;
  policy: RetryPolicy;
  providerLabel: string;
  limiterFor(host: string): HostLimiter;
  /** Largest body read; a bigger one is refused as it streams in. */
  maxResponseBytes: number;
  signal: AbortSignal;
  onAttempt(a: AttemptRecord): void;
}

/** A request that failed for good; `verdict` tells whether the whole job should stop. */
export class RequestFailed extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly attempts: number,
    readonly stopJob: boolean,
    /** The source refuses it for good: a later retry would only repeat the refusal. */
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'RequestFailed';
  }
}

async function exchange(
  deps: CallerDeps,
  url: URL,
  headers: Record<string, string> | undefined,
  label: string,
  onHeaders: (at: number) => void,
): Promise<RawResponse> {
  const timeout = AbortSignal.timeout(deps.policy.timeoutMs);
  const signal = AbortSignal.any([deps.signal, timeout]);
  let res: Response;
  let body: Uint8Array;
  try {
    res = await deps.fetch(url, { headers, signal, redirect: 'error' });
    onHeaders(deps.clock.now());
    body = await readCapped(res, deps.maxResponseBytes, `${deps.providerLabel} ${label}`);
  } catch (err) {
    if (err instanceof ResponseTooLarge) throw err;
    if (deps.signal.aborted) throw abortError();
    if (timeout.aborted) throw new TransportError(`no answer within ${deps.policy.timeoutMs} ms`, true);
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new TransportError(
      `connection failed: ${cause?.code ?? cause?.message ?? (err as Error).message}`,
      false,
    );
  }
  const raw: RawResponse = {
    status: res.status,
    headers: res.headers,
    body,
    text: () => new TextDecoder().decode(body),
  };
  if (res.status < 200 || res.status >= 300)
    throw new HttpStatusError(
      res.status,
      `HTTP ${res.status}`,
      parseRetryAfter(res.headers.get('retry-after'), deps.clock.now()),
      raw.text(),
    );
  return raw;
}

/** The Caller providers use: budget, send with a timeout, classify, wait and retry, or give up. */
export function makeCaller(deps: CallerDeps): Caller {
  return async (req, parse) => {
    const limiter = deps.limiterFor(req.url.host);
    let errors = 0;
    let rateLimits = 0;
    for (let attempt = 1; ; attempt++) {
      if (deps.signal.aborted) throw abortError();
      const paused = limiter.isPaused();
      if (paused > deps.policy.maxWaitMs)
        throw new RequestFailed(
          `${deps.providerLabel} is paused for ${Math.ceil(paused / 1000)} s more (rate limit or ban); parked for a later retry`,
          null,
          0,
          true,
        );
      const release = await limiter.acquire(req.weight, deps.signal);
      let status: number | null = null;
      try {
        // A cancel while waiting for budget must not let this request out.
        if (deps.signal.aborted) throw abortError();
        let raw: RawResponse;
        try {
          raw = await exchange(deps, req.url, req.headers, req.label, release);
        } finally {
          release();
        }
        status = raw.status;
        limiter.observe(raw.headers);
        const value = parse(raw);
        deps.onAttempt({ label: req.label, attempt, status, outcome: 'ok', waitMs: 0, message: null });
        return value;
      } catch (err) {
        if ((err as Error).name === 'AbortError') throw err;
        if (err instanceof HttpStatusError) status = err.status;
        const v = classify(err, deps.providerLabel);
        if (v.action === 'stop') {
          deps.onAttempt({
            label: req.label,
            attempt,
            status,
            outcome: 'failed',
            waitMs: 0,
            message: v.message,
          });
          throw new RequestFailed(v.message, status, attempt, v.stopJob, v.permanent);
        }
        let wait: number;
        if (v.action === 'ban') {
          limiter.pauseUntil(deps.clock.now() + v.waitMs);
          wait = v.waitMs;
          rateLimits++;
        } else {
          if (v.budget === 'rate') rateLimits++;
          else errors++;
          wait = Math.max(v.minWaitMs, backoffMs(deps.policy, attempt - 1, deps.random));
          if (v.pauseHost) limiter.pauseUntil(deps.clock.now() + v.minWaitMs);
        }
        const exhausted = errors >= deps.policy.maxAttempts || rateLimits >= deps.policy.maxRateLimitAttempts;
        const tooLong = wait > deps.policy.maxWaitMs;
        if (exhausted || tooLong) {
          const why = tooLong
            ? `${v.message}; waiting ${Math.ceil(wait / 1000)} s is longer than allowed, parked for a later retry`
            : `${v.message} (gave up after ${attempt} attempts)`;
          deps.onAttempt({ label: req.label, attempt, status, outcome: 'failed', waitMs: 0, message: why });
          // A pause this long (a ban) holds every request to the host: stop the job, park the rest.
          throw new RequestFailed(why, status, attempt, tooLong);
        }
        deps.onAttempt({
          label: req.label,
          attempt,
          status,
          outcome: 'retry',
          waitMs: wait,
          message: v.message,
        });
        await deps.clock.sleep(wait, deps.signal);
      }
    }
  };
}
