// "Keep current": groups (saved filters of series), schedules, and the settings file the CLI and the app
// share. Pure rules and schemas; the engine (src-main/engines/schedule) reads, writes and runs them.
import { z } from 'zod';
import { PROVIDER_NAMES, ProviderNameSchema } from '../job';
import { HOUR, MINUTE } from '../timeframe';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
/** Names of groups and ids of schedules: safe in a shell command line and a file. */
export const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** A venue, symbol or timeframe pattern: letters, digits, `._-:/` and `*` for any run of characters. */
const PATTERN_RE = /^[A-Za-z0-9._:/*-]{1,100}$/;

function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const ScheduleRuleSchema = z.discriminatedUnion('kind', [
  /** Every N minutes after the last run; the first run is due when the schedule is set. */
  z.object({ kind: z.literal('every'), minutes: z.number().int().min(1).max(10_080) }).strict(),
  /** At minute M of every hour, in UTC (every zone's hours start together but for 30/45-minute offsets). */
  z.object({ kind: z.literal('hourly'), minute: z.number().int().min(0).max(59) }).strict(),
  /** Daily at HH:MM wall time in an IANA zone. */
  z
    .object({
      kind: z.literal('daily'),
      at: z.string().regex(HHMM, 'must be HH:MM (24-hour), e.g. 18:05'),
      timeZone: z
        .string()
        .min(1)
        .max(64)
        .refine(isIanaZone, 'not a known IANA time zone; use a name such as America/New_York or UTC'),
    })
    .strict(),
  /** After each session close of a trading calendar, plus a delay for the provider to publish the bar. */
  z
    .object({
      kind: z.literal('session-close'),
      calendar: z.string().min(1).max(64),
      delayMinutes: z.number().int().min(0).max(1440),
    })
    .strict(),
]);
export type ScheduleRule = z.infer<typeof ScheduleRuleSchema>;

export const ScheduleTargetSchema = z.union([
  z.object({ series: z.string().min(1).max(200) }).strict(),
  z.object({ group: z.string().regex(NAME_RE) }).strict(),
]);
export type ScheduleTarget = z.infer<typeof ScheduleTargetSchema>;

export const ScheduleSchema = z
  .object({
    id: z.string().regex(NAME_RE, 'letters, digits, ".", "_" and "-" only (at most 64)'),
    target: ScheduleTargetSchema,
    rule: ScheduleRuleSchema,
    /** ms UTC; the anchor of the first due time. */
    createdAt: z.number().int(),
  })
  .strict();
export type Schedule = z.infer<typeof ScheduleSchema>;

const Pattern = z.string().regex(PATTERN_RE, 'letters, digits, "._:/-" and "*" only');
/** A saved filter of series; every given pattern must match (case-insensitive, `*` any characters). */
export const GroupSchema = z
  .object({
    name: z.string().regex(NAME_RE, 'letters, digits, ".", "_" and "-" only (at most 64)'),
    venue: Pattern.optional(),
    symbol: Pattern.optional(),
    timeframe: Pattern.optional(),
    provider: Pattern.optional(),
  })
  .strict();
export type Group = z.infer<typeof GroupSchema>;

const EnvName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]{0,63}$/, 'an environment variable name such as BARCAT_POLYGON_KEY');

/** Per provider: a base URL, and the NAME of the environment variable holding its key (never the key). */
export const SharedProviderSchema = z
  .object({
    baseUrl: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .optional(),
    keyEnv: EnvName.optional(),
    /** Alpaca's key id (its secret is keyEnv). */
    keyIdEnv: EnvName.optional(),
  })
  .strict();

/** CATALOG/barcat-settings.json: what the CLI (cron) and the app both use for this catalog. */
export const SharedSettingsSchema = z
  .object({
    version: z.literal(1),
    providers: z.partialRecord(ProviderNameSchema, SharedProviderSchema).default({}),
    groups: z.array(GroupSchema).max(1000).default([]),
    schedules: z.array(ScheduleSchema).max(1000).default([]),
  })
  .strict()
  .superRefine((s, ctx) => {
    const seen = (items: string[], key: 'groups' | 'schedules', field: string) => {
      const names = new Set<string>();
      items.forEach((n, i) => {
        if (names.has(n))
          ctx.addIssue({ code: 'custom', path: [key, i, field], message: `"${n}" is used twice` });
        names.add(n);
      });
    };
    seen(
      s.groups.map((g) => g.name),
      'groups',
      'name',
    );
    seen(
      s.schedules.map((x) => x.id),
      'schedules',
      'id',
    );
    const groups = new Set(s.groups.map((g) => g.name));
    s.schedules.forEach((x, i) => {
      if ('group' in x.target && !groups.has(x.target.group))
        ctx.addIssue({
          code: 'custom',
          path: ['schedules', i, 'target', 'group'],
          message: `no group "${x.target.group}"`,
        });
    });
  });
export type SharedSettings = z.infer<typeof SharedSettingsSchema>;

export const EMPTY_SHARED_SETTINGS: SharedSettings = { version: 1, providers: {}, groups: [], schedules: [] };
export { PROVIDER_NAMES };

/** What the scheduler remembers of a schedule between runs (CATALOG/jobs/schedules.state.json). */
export const ScheduleStateSchema = z.object({
  lastRunAt: z.number().int().nullable(),
  lastOutcome: z.enum(['ok', 'failed']).nullable(),
  /** The last failure, in plain words (series and reason). */
  lastError: z.string().nullable(),
  /** Failed runs in a row; reset by a run that succeeds. */
  failures: z.number().int().min(0),
  /** While backing off, the schedule is not run before this time (ms UTC). */
  backoffUntil: z.number().int().nullable(),
});
export type ScheduleState = z.infer<typeof ScheduleStateSchema>;

export const NEW_SCHEDULE_STATE: ScheduleState = {
  lastRunAt: null,
  lastOutcome: null,
  lastError: null,
  failures: 0,
  backoffUntil: null,
};

/** A schedule's state; one left from an earlier schedule of the same id (removed, added again) is ignored. */
export function stateFor(states: Record<string, ScheduleState>, s: Schedule): ScheduleState {
  const st = states[s.id];
  return st && (st.lastRunAt === null || st.lastRunAt >= s.createdAt) ? st : NEW_SCHEDULE_STATE;
}

/** Back-off after the k-th failure in a row: 5 min doubling, at most 6 h. */
export const BACKOFF_BASE_MS = 5 * MINUTE;
export const BACKOFF_CAP_MS = 6 * HOUR;
/** A schedule that failed this many times in a row is in the dead-letter list until retried. */
export const DEAD_AFTER_FAILURES = 3;

export function backoffMs(failures: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, Math.min(failures - 1, 20)));
}

/** A schedule as the UI and `barcat schedule list` show it. */
export const ScheduleViewSchema = z.object({
  schedule: ScheduleSchema,
  state: ScheduleStateSchema,
  /** ms UTC of the next run (a back-off's end when later); null when it has none (an empty calendar). */
  nextRunAt: z.number().int().nullable(),
  backingOff: z.boolean(),
  dead: z.boolean(),
});
export type ScheduleView = z.infer<typeof ScheduleViewSchema>;

/** A pattern's test, compiled once: `*` is any run of characters, case ignored; absent matches all. */
function patternTest(pattern: string | undefined): (value: string | null) => boolean {
  if (pattern === undefined) return () => true;
  const re = new RegExp(`^${pattern.split('*').map(escapeRe).join('.*')}$`, 'i');
  return (value) => value !== null && re.test(value);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

type GroupMember = { venue: string; symbol: string; timeframe: string; provider: string | null };

/** The group's membership test with its patterns compiled once, for testing many series. */
export function groupMatcher(g: Group): (s: GroupMember) => boolean {
  const venue = patternTest(g.venue);
  const symbol = patternTest(g.symbol);
  const timeframe = patternTest(g.timeframe);
  const provider = patternTest(g.provider);
  return (s) => venue(s.venue) && symbol(s.symbol) && timeframe(s.timeframe) && provider(s.provider);
}

/** True when a series (its venue, symbol, timeframe and provider) is in the group. */
export function inGroup(g: Group, s: GroupMember): boolean {
  return groupMatcher(g)(s);
}

export function describeTarget(t: ScheduleTarget): string {
  return 'series' in t ? t.series : `group ${t.group}`;
}

export function describeRule(r: ScheduleRule): string {
  switch (r.kind) {
    case 'every':
      return `every ${r.minutes} min`;
    case 'hourly':
      return `hourly at :${String(r.minute).padStart(2, '0')}`;
    case 'daily':
      return `daily at ${r.at} ${r.timeZone}`;
    case 'session-close':
      return `after each ${r.calendar} session close${r.delayMinutes ? ` +${r.delayMinutes} min` : ''}`;
  }
}

/** One entry of the dead-letter list: failures that repeat, with the reason. */
export const DeadLetterSchema = z.object({
  kind: z.enum(['parked', 'schedule']),
  /** The backfill job id, or the schedule id. */
  id: z.string(),
  series: z.array(z.string()),
  /** The last reason, as the provider or the update said it. */
  reason: z.string(),
  /** Parked ranges, or failed runs in a row. */
  count: z.number().int(),
  /** Every parked range was refused for good (a retry would only repeat it unless something changed). */
  permanent: z.boolean(),
  at: z.number().int(),
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;

/** What retrying one dead letter gave. */
export const RetryResultSchema = z.object({
  id: z.string(),
  kind: z.enum(['parked', 'schedule']),
  /** The job's state or the schedule run's outcome after the retry. */
  outcome: z.string(),
  /** What still fails; null when the retry cleared it. */
  error: z.string().nullable(),
});
export type RetryResult = z.infer<typeof RetryResultSchema>;

/** An id made from the target (`BINANCE-BTCUSDT-1h`, a group's name), numbered when taken. */
export function freeScheduleId(target: ScheduleTarget, taken: readonly Schedule[]): string {
  const ids = new Set(taken.map((s) => s.id));
  const base = ('series' in target ? target.series : target.group)
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .slice(0, 56);
  let id = base;
  for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
  return id;
}
