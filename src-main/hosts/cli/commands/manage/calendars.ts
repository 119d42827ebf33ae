import type { Interval } from '../../../../../src-shared/domain/range';
import { DAY, parseTimeframe } from '../../../../../src-shared/domain/timeframe';
import { BarcatError } from '../../../../plumbing/errors';
import type { Command } from '../../command';
import { SPAN_OPTIONS } from '../../io/option-groups';

function parseTime(text: unknown, what: string): number | undefined {
  if (text === undefined) return undefined;
  const ms =
    typeof text === 'string'
      ? Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text)
      : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new BarcatError(
      'USAGE',
      `--${what} "${String(text)}" is not a date; use YYYY-MM-DD or an ISO time.`,
    );
  }
  return ms;
}

/** "14:30Z-21:00Z" style, with the dates when a session crosses midnight UTC. */
function formatSession(s: Interval): string {
  const a = new Date(s.from).toISOString();
  const b = new Date(s.to).toISOString();
  const sameDay = a.slice(0, 10) === b.slice(0, 10);
  return `${a.slice(0, 10)} ${a.slice(11, 16)}Z -> ${sameDay ? '' : `${b.slice(0, 10)} `}${b.slice(11, 16)}Z`;
}

/** `barcat calendars [NAME]`: lists calendars, or prints one calendar's sessions in a range. */
export const calendarsCommand: Command = {
  name: 'calendars',
  summary: 'List the trading calendars, or show the sessions of one in UTC',
  usage: 'calendars [NAME [--from DATE] [--to DATE] [--timeframe TF]]',
  options: {
    ...SPAN_OPTIONS,
    timeframe: { type: 'string' },
  },
  async run({ positionals, values, catalogDir, json, io }) {
    const name = positionals[0];
    // Loaded here, not at start: the calendars' rules and their zod schemas are this command's alone.
    const { listCalendars, requireCalendar } = await import('../../../../engines/calendars/index');
    if (name === undefined) {
      const list = listCalendars(catalogDir);
      if (json) io.stdout.write(`${JSON.stringify(list)}\n`);
      else {
        for (const c of list.calendars) {
          io.stdout.write(`${c.name.padEnd(12)} ${c.timeZone.padEnd(18)} ${c.description}\n`);
        }
      }
      for (const p of list.problems) io.stderr.write(`barcat: ${p.message}\n`);
      return 0;
    }
    const calendar = requireCalendar(name, catalogDir);
    const tf = parseTimeframe((values.timeframe ?? '1m') as string);
    if ('error' in tf) throw new BarcatError('USAGE', `--timeframe ${tf.error}`);
    const from = parseTime(values.from, 'from') ?? Math.floor(Date.now() / DAY) * DAY;
    const to = parseTime(values.to, 'to') ?? from + 7 * DAY;
    const sessions = calendar.sessions({ from, to }, tf.timeframe);
    if (json)
      io.stdout.write(
        `${JSON.stringify({ calendar: calendar.name, timeZone: calendar.timeZone, sessions })}\n`,
      );
    else for (const s of sessions) io.stdout.write(`${formatSession(s)}\n`);
    return 0;
  },
};
