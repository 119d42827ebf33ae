// `barcat schedule add` flags as a rule and a target; each mistake says which flag and what to give.
import {
  freeScheduleId,
  NAME_RE,
  type Schedule,
  type ScheduleRule,
  type ScheduleTarget,
  type SharedSettings,
} from '../../../../src-shared/domain/job-kinds/schedule';
import { parseSeriesId, seriesId } from '../../../../src-shared/domain/series';
import { BarcatError } from '../../../plumbing/errors';

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

const str = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);

function int(v: string, flag: string, min: number, max: number, usage: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new BarcatError('USAGE', `${flag} "${v}" must be a whole number from ${min} to ${max}; ${usage}`);
  return n;
}

/** The rule of --every / --hourly / --daily / --after-close; `seriesCalendar` is the default calendar. */
export function parseRule(v: Values, seriesCalendar: string | null, usage: string): ScheduleRule {
  const given = ['every', 'hourly', 'daily', 'after-close'].filter(
    (k) => v[k] !== undefined && v[k] !== false,
  );
  if (given.length !== 1)
    throw new BarcatError('USAGE', `give one of --every, --hourly, --daily, --after-close; ${usage}`);
  const every = str(v, 'every');
  if (every !== undefined) return { kind: 'every', minutes: int(every, '--every', 1, 10_080, usage) };
  const hourly = str(v, 'hourly');
  if (hourly !== undefined) return { kind: 'hourly', minute: int(hourly, '--hourly', 0, 59, usage) };
  const daily = str(v, 'daily');
  if (daily !== undefined) {
    const tz = str(v, 'tz');
    if (!tz)
      throw new BarcatError('USAGE', `--daily needs --tz ZONE (e.g. America/New_York or UTC); ${usage}`);
    return { kind: 'daily', at: daily, timeZone: tz };
  }
  const calendar = str(v, 'calendar') ?? seriesCalendar;
  if (!calendar)
    throw new BarcatError('USAGE', `--after-close on a group needs --calendar NAME (e.g. xnys); ${usage}`);
  const delay = str(v, 'delay');
  return {
    kind: 'session-close',
    calendar,
    delayMinutes: delay === undefined ? 0 : int(delay, '--delay', 0, 1440, usage),
  };
}

/** SERIES (its canonical id) or --group NAME (which must exist). */
export function parseTarget(
  positional: string | undefined,
  group: string | undefined,
  settings: SharedSettings,
  usage: string,
): ScheduleTarget {
  if ((positional === undefined) === (group === undefined))
    throw new BarcatError('USAGE', `name one series or --group NAME; ${usage}`);
  if (group !== undefined) {
    if (!settings.groups.some((g) => g.name === group))
      throw new BarcatError('NOT_FOUND', `no group "${group}"; "barcat group add ${group} ..." makes it`);
    return { group };
  }
  try {
    return { series: seriesId(parseSeriesId(positional!)) };
  } catch (err) {
    throw new BarcatError('USAGE', `series "${positional}": ${(err as Error).message}; ${usage}`);
  }
}

/** --id, else one made from the target, numbered when taken. */
export function scheduleId(wanted: string | undefined, target: ScheduleTarget, taken: Schedule[]): string {
  const ids = new Set(taken.map((s) => s.id));
  if (wanted !== undefined) {
    if (!NAME_RE.test(wanted))
      throw new BarcatError('USAGE', `--id "${wanted}": letters, digits, ".", "_" and "-" only (at most 64)`);
    if (ids.has(wanted)) throw new BarcatError('BAD_INPUT', `a schedule "${wanted}" exists; remove it first`);
    return wanted;
  }
  return freeScheduleId(target, taken);
}
