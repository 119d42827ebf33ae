import type { RateLimitModel } from '../../providers/types';
import type { Clock } from './clock';

export interface LimiterOptions {
  /** Budget units per second (weight for Binance). */
  ratePerSec: number;
  /** Units that may go out at once after a quiet spell. */
  burst: number;
  /** Budget per minute the used-weight header is compared with. */
  perMinute?: number;
  usedHeader?: string;
  remainingHeader?: string;
  /**
   * A fixed request-rate limit: at most `count` requests in any trailing `ms` as the server counts
   * arrivals. A request holds its slot from send until `ms` after its answer: it reached the server
   * in between, so however late or early it got there, the server's window never sees more.
   */
  window?: { count: number; ms: number };
}

/** From a provider's documented limit, with a margin so we never reach the server's line. */
export function limiterOptionsFor(model: RateLimitModel, requestsPerSecond?: number): LimiterOptions {
  if (requestsPerSecond) {
    // A fixed request rate (a mirror, a paid plan, a test server): evenly spaced, 2% under the line.
    return {
      ratePerSec: requestsPerSecond,
      burst: 1,
      window: { count: Math.max(1, Math.floor(requestsPerSecond)), ms: 1000 },
      usedHeader: model.usedHeader,
      remainingHeader: model.remainingHeader,
    };
  }
  return {
    ratePerSec: (model.perMinute * 0.9) / 60,
    burst: Math.max(1, Math.floor(model.perMinute / 20)),
    perMinute: model.perMinute,
    usedHeader: model.usedHeader,
    remainingHeader: model.remainingHeader,
  };
}

/**
 * A token bucket per host, reserved before each request is sent. A 429/418 pauses the whole host
 * until its Retry-After has passed, and the used-weight / remaining headers hold it back early.
 */
export class HostLimiter {
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  private chain: Promise<void> = Promise.resolve();
  /** Answer times of finished requests still inside the window, oldest first. */
  private finished: number[] = [];
  private inFlight = 0;
  private slotFreed?: () => void;

  constructor(
    private readonly opts: LimiterOptions,
    private readonly clock: Clock,
  ) {
    this.tokens = opts.burst;
    this.last = clock.now();
  }

  /**
   * Waits until `weight` units are available and takes them; callers go in arrival order. Call the
   * returned function with the time the answer's headers (or the failure) came in.
   */
  acquire(weight: number, signal?: AbortSignal): Promise<(answeredAt?: number) => void> {
    const run = this.chain.then(() => this.take(weight, signal));
    this.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run.then(() => (this.opts.window ? this.releaseOnce() : () => undefined));
  }

  private releaseOnce(): (answeredAt?: number) => void {
    let released = false;
    return (answeredAt) => {
      if (released) return;
      released = true;
      this.inFlight--;
      const at = Math.min(answeredAt ?? this.clock.now(), this.clock.now());
      // Kept sorted: answers can be noted out of order.
      let i = this.finished.length;
      while (i > 0 && this.finished[i - 1]! > at) i--;
      this.finished.splice(i, 0, at);
      this.slotFreed?.();
    };
  }

  private async take(weight: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      if (now < this.pausedUntil) {
        await this.clock.sleep(this.pausedUntil - now, signal);
        continue;
      }
      const w = this.opts.window;
      if (w) {
        while (this.finished.length && this.finished[0]! <= now - w.ms) this.finished.shift();
        if (this.inFlight + this.finished.length < w.count) {
          this.inFlight++;
          return;
        }
        // Wake when the oldest finished slot expires, or when an in-flight request finishes.
        const wait = this.finished.length ? this.finished[0]! + w.ms - now + 1 : w.ms;
        await Promise.race([this.clock.sleep(wait, signal), new Promise<void>((r) => (this.slotFreed = r))]);
        continue;
      }
      this.tokens = Math.min(
        this.opts.burst,
        this.tokens + ((now - this.last) / 1000) * this.opts.ratePerSec,
      );
      this.last = now;
      const need = Math.min(weight, this.opts.burst);
      if (this.tokens >= need) {
        this.tokens -= need;
        return;
      }
      await this.clock.sleep(Math.ceil(((need - this.tokens) / this.opts.ratePerSec) * 1000), signal);
    }
  }

  /** No request to this host before `until` (ms on the clock). */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  isPaused(): number {
    return Math.max(0, this.pausedUntil - this.clock.now());
  }

  /** Reads the budget headers of an answer and slows down before the server would refuse. */
  observe(headers: Headers): void {
    const now = this.clock.now();
    if (this.opts.usedHeader && this.opts.perMinute) {
      const used = Number(headers.get(this.opts.usedHeader));
      // Binance counts per calendar minute: past 90%, wait for the next minute to start.
      if (Number.isFinite(used) && used >= this.opts.perMinute * 0.9)
        this.pauseUntil(Math.floor(now / 60_000) * 60_000 + 60_000 + 50);
    }
    if (this.opts.remainingHeader) {
      const left = Number(headers.get(this.opts.remainingHeader));
      const reset = Number(headers.get('x-ratelimit-reset'));
      if (headers.has(this.opts.remainingHeader) && left <= 1 && Number.isFinite(reset))
        this.pauseUntil(reset * 1000 + 50);
    }
  }
}
