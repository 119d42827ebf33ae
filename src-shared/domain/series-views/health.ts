import { z } from 'zod';
import { DAY, HOUR, MINUTE } from '../timeframe';

/**
 * What `barcat health`, /metrics and the app's health badge report: problems as reason codes with
 * fields (each host words them). One problem list per series, one for the catalog as a whole.
 */
export const HealthProblemSchema = z.discriminatedUnion('code', [
  /** The last bar is more session time behind than the series allows. */
  z.object({
    code: z.literal('stale'),
    lastBar: z.number().int().nullable(),
    lagMs: z.number().int(),
    maxLagMs: z.number().int(),
  }),
  /** The series' latest update (backfill job) failed. */
  z.object({ code: z.literal('update_failed'), jobId: z.string(), message: z.string().nullable() }),
  /** Backfill ranges set aside after their retries; `barcat jobs retry ID` runs them again. */
  z.object({ code: z.literal('parked'), jobId: z.string(), ranges: z.number().int() }),
  /** A running job has not reported progress for `silentMs`. */
  z.object({ code: z.literal('stalled_job'), jobId: z.string(), silentMs: z.number().int() }),
  /** A file verify or rebuild took out of service (relative to the catalog). */
  z.object({ code: z.literal('quarantined'), file: z.string(), reason: z.string() }),
  /** The writer lock (`.lock`, or `jobs/update.lock`) is held by a process that no longer runs. */
  z.object({ code: z.literal('dead_lock'), file: z.string(), pid: z.number().int(), since: z.number() }),
  /** A schedule whose run is overdue (reported by the schedule check, when one is registered). */
  z.object({ code: z.literal('schedule_overdue'), due: z.number(), schedule: z.string() }),
]);
export type HealthProblem = z.infer<typeof HealthProblemSchema>;
export type HealthCode = HealthProblem['code'];

export const SeriesHealthSchema = z.object({
  id: z.string(),
  calendar: z.string(),
  lastBar: z.number().int().nullable(),
  /** Session time (per the series' calendar and timeframe) from the end of the last bar to now. */
  lagMs: z.number().int().nullable(),
  maxLagMs: z.number().int(),
  /** Desktop notifications for this series (off by default). */
  notify: z.boolean(),
  /** The latest backfill job of the series: its id and state; null when it never had one. */
  lastUpdate: z.object({ jobId: z.string(), state: z.string(), at: z.number() }).nullable(),
  problems: z.array(HealthProblemSchema),
});
export type SeriesHealth = z.infer<typeof SeriesHealthSchema>;

export const HealthReportSchema = z.object({
  checkedAt: z.number(),
  healthy: z.boolean(),
  series: z.array(SeriesHealthSchema),
  /** Problems of the catalog as a whole (locks, quarantined files of no known series, stalled jobs). */
  catalog: z.array(HealthProblemSchema),
});
export type HealthReport = z.infer<typeof HealthReportSchema>;

/** A series with no schedule is stale when its last bar is more than one day of session time behind. */
export const DEFAULT_MAX_LAG_MS = DAY;

/** A running job silent (no progress heartbeat) this long is stalled. */
export const DEFAULT_STALL_MS = 10 * MINUTE;

const UNITS: Record<string, number> = { s: 1000, m: MINUTE, h: HOUR, d: DAY, w: 7 * DAY };

/** `90m`, `6h`, `2d`, `1w` as ms; an error sentence otherwise. */
export function parseDuration(raw: string): number | { error: string } {
  const m = /^(\d{1,6})(s|m|h|d|w)$/.exec(raw.trim());
  if (!m) return { error: `"${raw}" is not a duration; use a whole number and a unit, e.g. 90m, 6h, 2d, 1w` };
  return Number(m[1]) * UNITS[m[2]!]!;
}

/** A duration in its two largest units (`3d 4h`, `12m 5s`, `250 ms`): the one wording of the CLI and the app. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const parts: [number, string][] = [
    [Math.floor(ms / DAY), 'd'],
    [Math.floor((ms % DAY) / HOUR), 'h'],
    [Math.floor((ms % HOUR) / MINUTE), 'm'],
    [Math.floor((ms % MINUTE) / 1000), 's'],
  ];
  const first = parts.findIndex(([v]) => v > 0);
  return parts
    .slice(first, first + 2)
    .filter(([v]) => v > 0)
    .map(([v, u]) => `${v}${u}`)
    .join(' ');
}
