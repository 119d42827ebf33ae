import type { Interval } from '../../../../src-shared/domain/range';
import { parseSeriesId, type SeriesKey } from '../../../../src-shared/domain/series';
import type { SessionCalendar } from '../../../engines/catalog/index';
import { BarcatError } from '../../../plumbing/errors';

/** ISO-8601 date or date-time (UTC when no zone is given) or epoch ms; undefined when absent. */
export function parseTime(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const s = String(value).trim();
  if (/^-?\d+$/.test(s) && s.length > 8) return Number(s);
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(s);
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : hasZone ? s : `${s}Z`;
  const t = /^\d{4}-\d{2}-\d{2}/.test(s) ? Date.parse(iso) : Number.NaN;
  if (!Number.isFinite(t))
    throw new BarcatError(
      'USAGE',
      `${flag} "${s}" is not a time; use ISO-8601 like 2024-01-31 or 2024-01-31T09:30:00Z`,
    );
  return t;
}

/** [from, to) from --from/--to; either side may be open (then undefined is returned for both missing). */
export function parseRange(values: Record<string, unknown>): Interval | undefined {
  const from = parseTime(values.from, '--from');
  const to = parseTime(values.to, '--to');
  if (from === undefined && to === undefined) return undefined;
  const r = { from: from ?? -8.64e15, to: to ?? 8.64e15 };
  if (r.to < r.from) throw new BarcatError('USAGE', '--to is before --from; ranges are [from, to)');
  return r;
}

export function parseSeriesArg(positionals: string[], usage: string): SeriesKey {
  const id = positionals[0];
  if (!id) throw new BarcatError('USAGE', `missing SERIES (like BINANCE:BTCUSDT:1m); usage: barcat ${usage}`);
  try {
    return parseSeriesId(id);
  } catch (err) {
    throw new BarcatError('USAGE', (err as Error).message);
  }
}

/**
 * --calendar NAME resolved among built-in and the catalog's user calendars; exit 2 when unknown. The
 * calendars load here, not with the other arguments: `query` parses those and needs no calendar.
 */
export async function parseCalendar(
  value: unknown,
  catalogDir: string,
): Promise<SessionCalendar | undefined> {
  if (value === undefined) return undefined;
  const name = String(value);
  const { listCalendars, requireCalendar } = await import('../../../engines/calendars/index');
  try {
    return requireCalendar(name, catalogDir);
  } catch (err) {
    // A broken user calendar file keeps its own message; an unknown name is a usage error (exit 2).
    if (!(err instanceof BarcatError) || err.code !== 'NOT_FOUND') throw err;
    const known = listCalendars(catalogDir).calendars.map((c) => c.name);
    throw new BarcatError('USAGE', `unknown calendar "${name}"; known calendars: ${known.join(', ')}`);
  }
}

/** "2014-2016" or "3" as an inclusive [first, last] pair. */
export function parseSpan(
  value: unknown,
  flag: string,
  min: number,
  max: number,
): [number, number] | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)(?:-(\d+))?$/.exec(String(value).trim());
  const a = m ? Number(m[1]) : Number.NaN;
  const b = m?.[2] !== undefined ? Number(m[2]) : a;
  if (!m || a < min || b > max || a > b)
    throw new BarcatError(
      'USAGE',
      `${flag} "${value}" must look like N or N-M with ${min} <= N <= M <= ${max}`,
    );
  return [a, b];
}
