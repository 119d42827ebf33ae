import type { Command } from '../../command';
import { writeAnswer } from '../../io/answer';
import { withReadCatalog } from '../../io/open';

export const listCommand: Command = {
  name: 'list',
  summary: 'List the series in the catalog: first, last, rows, size, coverage %, gap count',
  usage: 'list [--calendar NAME] [--ticks] [--json]',
  options: { calendar: { type: 'string' }, ticks: { type: 'boolean' } },
  async run({ values, catalogDir, json, io }) {
    const { parseCalendar } = await import('../../io/args');
    const { brokenLine, humanBytes, isoTime, textTable } = await import('../../io/format');
    const calendar = await parseCalendar(values.calendar, catalogDir);
    return withReadCatalog(catalogDir, async (catalog) => {
      const { series, broken } = await catalog.seriesListing({ calendar });
      // Warnings go to stderr, so --json output stays the array it always was.
      for (const b of broken) io.stderr.write(`barcat: warning: ${brokenLine(b)}\n`);
      const brokenTicks: string[] = [];
      const ticks = await catalog.ticks.list({ calendar, broken: brokenTicks });
      for (const b of brokenTicks) io.stderr.write(`barcat: warning: ${b}\n`);
      const { tickTable } = await import('../../list-ticks');
      if (values.ticks === true) {
        writeAnswer(io, json, ticks, () =>
          ticks.length === 0 ? `no tick series in ${catalogDir}\n` : tickTable(ticks),
        );
        return 0;
      }
      writeAnswer(io, json, series, () => {
        if (series.length === 0)
          return ticks.length === 0 ? `no series in ${catalogDir}\n` : tickTable(ticks);
        const rows = series.map((s) => [
          s.id,
          isoTime(s.first),
          isoTime(s.last),
          s.rows,
          humanBytes(s.bytes),
          `${s.coveragePct.toFixed(2)}%`,
          s.gapCount,
          s.calendar,
        ]);
        const table = textTable(
          ['SERIES', 'FIRST', 'LAST', 'ROWS', 'SIZE', 'COVERAGE', 'GAPS', 'CALENDAR'],
          rows,
        );
        return ticks.length > 0 ? `${table}\n${tickTable(ticks)}` : table;
      });
      return 0;
    });
  },
};
