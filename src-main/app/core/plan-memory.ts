import { randomUUID } from 'node:crypto';
import { HOUR } from '../../../src-shared/domain/timeframe';
import type { CoreContext } from './context';

/** How long a previewed plan stays startable: a dialog left open overnight previews again. */
export const PLAN_TTL_MS = 12 * HOUR;

/**
 * Plans the user has seen, by id: a start runs the one shown, never a re-plan. Bounded (a long
 * session of previews forgets the oldest, never the latest) and expiring (`ttlMs` after the preview).
 */
export class PlanMemory<T> {
  private readonly plans = new Map<string, { plan: T; at: number }>();

  constructor(
    private readonly max: number,
    private readonly ttlMs = PLAN_TTL_MS,
  ) {}

  /** Keeps a plan shown at `now`; returns its id. */
  keep(plan: T, now: number): string {
    const id = randomUUID();
    this.plans.set(id, { plan, at: now });
    if (this.plans.size > this.max) this.plans.delete(this.plans.keys().next().value as string);
    return id;
  }

  /** The plan of this id, or undefined when unknown, forgotten or expired by `now`. */
  get(id: string, now: number): T | undefined {
    const kept = this.plans.get(id);
    if (kept && now - kept.at > this.ttlMs) {
      this.plans.delete(id);
      return undefined;
    }
    return kept?.plan;
  }
}

/**
 * One plan memory per core: a plan previewed in one core (one open app, one test) is never started
 * by another. Returns the memory of `ctx`, made on first use.
 */
export function planMemoryPerCore<T>(max: number): (ctx: CoreContext) => PlanMemory<T> {
  const memories = new WeakMap<CoreContext, PlanMemory<T>>();
  return (ctx) => {
    let m = memories.get(ctx);
    if (!m) {
      m = new PlanMemory<T>(max);
      memories.set(ctx, m);
    }
    return m;
  };
}
