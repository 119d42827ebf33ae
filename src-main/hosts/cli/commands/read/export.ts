import { RESAMPLE_OPTIONS, RESAMPLE_USAGE } from '../../../../engines/resample/cli-args';
import type { Command } from '../../command';
import { withReadCatalog } from '../../io/open';
import {
  SPAN_OPTIONS,
  stringOptions,
  YEARS_MONTHS_OPTIONS,
  YEARS_MONTHS_USAGE,
} from '../../io/option-groups';
import {
  runExportVerify,
  runExportWindows,
  VERIFY_USAGE,
  WINDOWS_OPTIONS,
  WINDOWS_USAGE,
} from './export-windows';

export const exportCommand: Command = {
  name: 'export',
  summary:
    'Write series as CSV, Parquet or a vendor format (MetaTrader, NinjaTrader, TradingView, AmiBroker), or publish them to ClickHouse; cut event windows into a sealed Parquet lake and verify one',
  usage: `export SERIES... [--from ISO] [--to ISO] ${YEARS_MONTHS_USAGE} ${RESAMPLE_USAGE} --format csv|parquet|metatrader|ninjatrader|tradingview|amibroker [--tz ZONE] --out FILE|DIR [--force]\n       barcat export SERIES... [--from ISO] --to clickhouse://USER@HOST:PORT/DB --table T\n       barcat ${WINDOWS_USAGE}\n       barcat ${VERIFY_USAGE}`,
  options: {
    ...WINDOWS_OPTIONS,
    ...SPAN_OPTIONS,
    ...YEARS_MONTHS_OPTIONS,
    ...stringOptions('format', 'tz', 'out', 'table'),
    force: { type: 'boolean', default: false },
    ...RESAMPLE_OPTIONS,
  },
  async run(args) {
    const { values, positionals, catalogDir, json, io } = args;
    if (positionals[0] === 'windows') return runExportWindows(args);
    if (positionals[0] === 'verify') return runExportVerify(args);
    const { BarcatError } = await import('../../../../plumbing/errors');
    // --to with a database URL publishes to it (the time range then has no end: --to is taken).
    if (typeof values.to === 'string' && values.to.startsWith('clickhouse://')) {
      const { publishCommand } = await import('../../publish');
      return publishCommand({ values, positionals, catalogDir, json, io }, exportCommand.usage);
    }
    const { EXPORT_FORMATS, exportSeries } = await import('../../../../engines/export/index');
    const format = values.format;
    if (typeof format !== 'string' || !(EXPORT_FORMATS as readonly string[]).includes(format))
      throw new BarcatError(
        'USAGE',
        `--format ${format === undefined ? 'is missing' : `"${format}" is not known`}; use one of ${EXPORT_FORMATS.join(', ')}`,
      );
    if (typeof values.out !== 'string')
      throw new BarcatError('USAGE', `--out FILE|DIR is missing; usage: barcat ${exportCommand.usage}`);
    const { parseRange, parseSeriesArg, parseSpan } = await import('../../io/args');
    if (positionals.length === 0) parseSeriesArg(positionals, exportCommand.usage);
    const series = positionals.map((p) => parseSeriesArg([p], exportCommand.usage));
    const { parseResampleArgs } = await import('../../../../engines/resample/cli-args');
    const request = {
      series,
      range: parseRange(values),
      query: {
        years: parseSpan(values.years, '--years', 1, 9999),
        months: parseSpan(values.months, '--months', 1, 12),
      },
      resample: parseResampleArgs(values),
      format: format as (typeof EXPORT_FORMATS)[number],
      tz: typeof values.tz === 'string' ? values.tz : undefined,
      out: values.out,
      force: values.force === true,
    };
    return withReadCatalog(catalogDir, async (catalog) => {
      const files = await exportSeries(catalog, request, io.cwd);
      if (json) io.stdout.write(`${JSON.stringify(files)}\n`);
      else {
        const { resampleNotes } = await import('./query-resampled');
        for (const f of files) {
          const notes = [
            f.droppedColumns.length
              ? `columns ${f.droppedColumns.join(', ')} left out (${format} has none)`
              : '',
            resampleNotes(f),
          ].filter(Boolean);
          io.stdout.write(
            `${f.series}: ${f.bars} bars -> ${f.file}${notes.length ? `; ${notes.join('; ')}` : ''}\n`,
          );
        }
      }
      return 0;
    });
  },
};
