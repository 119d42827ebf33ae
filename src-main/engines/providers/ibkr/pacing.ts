// IB's historical-data pacing rules, kept before sending (a violation costs a 162 and, repeated, a
// disconnect): no identical request within 15 s, at most 5 per contract+tick type within 2 s (IB says
// 6: stay under), at most 60 in any 10 minutes, at most 50 open at once.
import type { ProviderClock } from '../types';

export const PACING = {
  identicalMs: 15_000,
  perContract: 5,
  perContractMs: 2_000,
  perWindow: 60,
  windowMs: 600_000,
  maxOpen: 50,
} as const;

interface Sent {
  at: number;
  identity: string;
  contract: string;
}

/** Wait while any rule would be broken by sending now; then record the request as sent. */
export class Pacer {
  private sent: Sent[] = [];
  private open = 0;
  /** Pacing violations TWS still reported (error 162 with the pacing text). */
  violations = 0;

  /** How long to wait before a request with this identity and contract may go; 0 = now. */
  waitFor(identity: string, contract: string, now: number): number {
    // A record "from the future" means the clock was set back (or another clock sent it): dropped, so
    // the pacer never stalls for hours; IB's own count is what matters and 162 pacing still backs off.
    this.sent = this.sent.filter((s) => s.at <= now && now - s.at < PACING.windowMs);
    let wait = 0;
    for (const s of this.sent)
      if (s.identity === identity) wait = Math.max(wait, s.at + PACING.identicalMs - now);
    const sameContract = this.sent.filter(
      (s) => s.contract === contract && now - s.at < PACING.perContractMs,
    );
    if (sameContract.length >= PACING.perContract)
      wait = Math.max(
        wait,
        sameContract[sameContract.length - PACING.perContract]!.at + PACING.perContractMs - now,
      );
    if (this.sent.length >= PACING.perWindow)
      wait = Math.max(wait, this.sent[this.sent.length - PACING.perWindow]!.at + PACING.windowMs - now);
    return wait;
  }

  /** Resolves when the request may be sent (and counts it sent); call the release when it is answered. */
  async acquire(
    identity: string,
    contract: string,
    clock: ProviderClock,
    signal?: AbortSignal,
  ): Promise<() => void> {
    for (;;) {
      const now = clock.now();
      const wait = this.open >= PACING.maxOpen ? 1_000 : this.waitFor(identity, contract, now);
      if (wait <= 0) {
        this.sent.push({ at: now, identity, contract });
        this.open++;
        let released = false;
        return () => {
          if (!released) this.open--;
          released = true;
        };
      }
      await clock.sleep(wait, signal);
    }
  }
}
