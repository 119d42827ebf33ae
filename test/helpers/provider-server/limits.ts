/** Server-side request limits: requests per trailing second and Binance weight per minute. */
export class ServerLimits {
  private recent: number[] = [];
  private weights: { at: number; w: number }[] = [];
  private bannedUntil = 0;
  private limitedUntil = 0;
  /** 429s answered because the client went over a limit (not injected ones). */
  rateLimited = 0;
  banned = 0;

  constructor(
    private readonly maxPerSecond: number | undefined,
    private readonly weightPerMinute: number,
  ) {}

  usedWeight(now: number): number {
    this.weights = this.weights.filter((x) => x.at > now - 60_000);
    return this.weights.reduce((s, x) => s + x.w, 0);
  }

  /** Decides whether a request at `now` may go through; returns a 429/418 status with seconds to wait. */
  admit(now: number, weight: number): { status: 429 | 418; retryAfterSec: number } | undefined {
    if (now < this.bannedUntil) {
      this.banned++;
      return { status: 418, retryAfterSec: Math.ceil((this.bannedUntil - now) / 1000) };
    }
    // Binance: calling again inside a 429's Retry-After earns a ban.
    if (now < this.limitedUntil) {
      this.bannedUntil = now + 120_000;
      this.banned++;
      return { status: 418, retryAfterSec: 120 };
    }
    if (this.maxPerSecond !== undefined) {
      this.recent = this.recent.filter((t) => t > now - 1000);
      if (this.recent.length >= this.maxPerSecond) {
        this.rateLimited++;
        this.limitedUntil = now + 1000;
        return { status: 429, retryAfterSec: 1 };
      }
      this.recent.push(now);
    }
    if (this.usedWeight(now) + weight > this.weightPerMinute) {
      this.rateLimited++;
      const oldest = this.weights[0]?.at ?? now;
      const wait = Math.max(1, Math.ceil((oldest + 60_000 - now) / 1000));
      this.limitedUntil = now + wait * 1000;
      return { status: 429, retryAfterSec: wait };
    }
    this.weights.push({ at: now, w: weight });
    return undefined;
  }

  /** An injected 429 with Retry-After also arms the ban for an early caller, as Binance does. */
  noteInjected(now: number, status: number, retryAfterSec: number): void {
    if (status === 429) this.limitedUntil = now + retryAfterSec * 1000;
    if (status === 418) this.bannedUntil = now + retryAfterSec * 1000;
  }
}
