import type { Command } from '../../command';
import { writeAnswer } from '../../io/answer';
import { READ_OPEN } from '../../io/open';
import { SPAN_OPTIONS } from '../../io/option-groups';

export const gapsCommand: Command = {
  name: 'gaps',
  summary: 'Show the missing intervals of a series (half-open [from, to), at its timeframe)',
  usage: 'gaps SERIES [--from ISO] [--to ISO] [--calendar NAME] [--json]',
  options: { ...SPAN_OPTIONS, calendar: { type: 'string' } },
  async run({ values, positionals, catalogDir, json, io }) {
    // The catalog's read-only door: gaps load none of its writes, maintenance or ticks.
    const { openCatalogReader } = await import('../../../../engines/catalog/read-only');
    const { parseCalendar, parseRange, parseSeriesArg } = await import('../../io/args');
    const { isoTime, textTable } = await import('../../io/format');
    const key = parseSeriesArg(positionals, gapsCommand.usage);
    const calendar = await parseCalendar(values.calendar, catalogDir);
    const range = parseRange(values);
    const catalog = await openCatalogReader(catalogDir, READ_OPEN);
    try {
      const current = await catalog.availability(key);
      // An open side of --from/--to means the series' own first bar or end of its last bar.
      const bounded =
        range && current.first !== null
          ? {
              from: range.from < -8e15 ? current.first : range.from,
              to: range.to > 8e15 ? (current.covered.at(-1)?.to ?? current.first) : range.to,
            }
          : range;
      const a = await catalog.availability(key, { range: bounded, calendar });
      const value = {
        series: a.id,
        calendar: a.calendar,
        range: bounded ?? null,
        coveragePct: a.coveragePct,
        gaps: a.gaps,
      };
      writeAnswer(io, json, value, () => {
        if (a.gaps.length === 0)
          return `${a.id}: no gaps (${a.coveragePct.toFixed(2)}% covered, calendar ${a.calendar})\n`;
        const rows = a.gaps.map((g) => [isoTime(g.from), isoTime(g.to), g.missingBars]);
        return `${textTable(['FROM', 'TO', 'MISSING BARS'], rows)}${a.gaps.length} gaps, ${a.missingBars} missing bars, ${a.coveragePct.toFixed(2)}% covered (calendar ${a.calendar})\n`;
      });
      return 0;
    } finally {
      await catalog.close();
    }
  },
};
