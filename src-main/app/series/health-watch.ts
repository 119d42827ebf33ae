// Desktop notifications: the open catalog's health is checked now and then; a series whose
// notifications are on (per series, off by default) raises one healthAlert per new problem.
import type { HealthProblem } from '../../../src-shared/domain/series-views/health';
import { healthReport } from '../../engines/health/index';
import type { CoreContext } from '../core/context';

/** Problems worth interrupting someone for: stale data and a failed (scheduled) update. */
const ALERTING = new Set<HealthProblem['code']>(['stale', 'update_failed']);

/** How often the app checks while it runs. */
export const HEALTH_WATCH_MS = 60_000;

/** Identity of a problem across checks: a new failed job or a series going stale again alerts anew. */
function keyOf(series: string, p: HealthProblem): string {
  return p.code === 'update_failed' ? `${series} ${p.code} ${p.jobId}` : `${series} ${p.code}`;
}

type Alert = { series: string; problem: HealthProblem };

export class HealthWatch {
  /** Problems alerted in the catalog checked last (dropped when they clear, so a return alerts again). */
  private seen = new Set<string>();
  private dir: string | null = null;
  private running: Promise<Alert[]> | null = null;
  private again: Promise<Alert[]> | null = null;

  constructor(private readonly ctx: CoreContext) {}

  /**
   * One check; returns the alerts it emitted. Errors (a catalog mid-switch) wait for the next check.
   * One runs at a time (the minute timer and a job ending may ask together; two at once could each
   * alert): asked during one, it runs once after it, however many asked.
   */
  check(): Promise<Alert[]> {
    if (!this.running) {
      this.running = this.checkOnce().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.again ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.again = null;
        return this.check();
      });
    return this.again;
  }

  private async checkOnce(): Promise<Alert[]> {
    const catalog = this.ctx.catalogs.peek();
    if (!catalog) return [];
    if (catalog.dir !== this.dir) {
      this.dir = catalog.dir;
      this.seen = new Set();
    }
    const report = await healthReport(catalog, { now: this.ctx.now() });
    const now = new Set<string>();
    const alerts: Alert[] = [];
    for (const s of report.series)
      for (const problem of s.problems) {
        if (!ALERTING.has(problem.code) || !s.notify) continue;
        const key = keyOf(s.id, problem);
        now.add(key);
        if (!this.seen.has(key)) alerts.push({ series: s.id, problem });
      }
    this.seen = now;
    for (const a of alerts) this.ctx.bus.emit('healthAlert', a);
    return alerts;
  }

  /** Checks every `everyMs` until the returned stop is called; the timer never keeps the process alive. */
  start(everyMs = HEALTH_WATCH_MS): () => void {
    const timer = setInterval(() => {
      this.check().catch(() => undefined);
    }, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
