import type { Command } from '../command';

export const listCommand: Command = {
  name: 'list',
  summary: 'List the series in the catalog: first, last, rows, size, coverage %, gap count',
  usage: 'list [--calendar NAME] [--json]',
  options: { calendar: { type: 'string' } },
  async run({ values, catalogDir, json, io }) {
    const { openCatalog } = await import('../../catalog/index');
    const { parseCalendar } = await import('../../catalog/cli/args');
    const { humanBytes, isoTime, textTable } = await import('../../catalog/cli/format');
    const calendar = parseCalendar(values.calendar, catalogDir);
    const catalog = await openCatalog(catalogDir);
    try {
      const series = await catalog.listSeries({ calendar });
      if (json) {
        io.stdout.write(`${JSON.stringify(series, null, 2)}\n`);
        return 0;
      }
      if (series.length === 0) {
        io.stdout.write(`no series in ${catalogDir}\n`);
        return 0;
      }
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
      io.stdout.write(
        textTable(['SERIES', 'FIRST', 'LAST', 'ROWS', 'SIZE', 'COVERAGE', 'GAPS', 'CALENDAR'], rows),
      );
      return 0;
    } finally {
      await catalog.close();
    }
  },
};
