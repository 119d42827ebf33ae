import { RESAMPLE_OPTIONS, RESAMPLE_USAGE } from '../../../../engines/resample/cli-args';
import type { Command } from '../../command';
import { READ_OPEN, withReadCatalog } from '../../io/open';
import {
  SPAN_OPTIONS,
  stringOptions,
  YEARS_MONTHS_OPTIONS,
  YEARS_MONTHS_USAGE,
} from '../../io/option-groups';

const FORMATS = ['csv', 'json', 'parquet'];

export const queryCommand: Command = {
  name: 'query',
  summary: 'Print or save the bars of a series in [from, to) as CSV, JSON or Parquet, resampled if asked',
  usage: `query SERIES [--from ISO] [--to ISO] ${YEARS_MONTHS_USAGE} ${RESAMPLE_USAGE} [--format csv|json|parquet] [--out FILE] [--fetch [--base-url URL]]\n       query VENUE:SYMBOL:quotes|trades --ticks [--from ISO] [--to ISO]\n       query VENUE:SYMBOL:quotes|trades --from-ticks --timeframe TF [--price bid|ask|mid|last] [--from ISO] [--to ISO] [--format csv|json|parquet] [--out FILE]`,
  options: {
    ...SPAN_OPTIONS,
    ...YEARS_MONTHS_OPTIONS,
    format: { type: 'string', default: 'csv' },
    // --base-url alone, not PROVIDER_OPTIONS: a query's --fetch takes no --rate.
    ...stringOptions('out', 'price', 'base-url'),
    ticks: { type: 'boolean' },
    'from-ticks': { type: 'boolean' },
    fetch: { type: 'boolean', default: false },
    ...RESAMPLE_OPTIONS,
  },
  async run(args) {
    if (args.values.ticks === true || args.values['from-ticks'] === true) {
      const { runTickQuery } = await import('../../query-ticks');
      return runTickQuery(args, queryCommand.usage);
    }
    const { values, positionals, catalogDir, io } = args;
    const { BarcatError } = await import('../../../../plumbing/errors');
    const format = String(values.format);
    if (!FORMATS.includes(format))
      throw new BarcatError('USAGE', `--format "${format}" is not one of ${FORMATS.join(', ')}`);
    const { parseRange, parseSeriesArg, parseSpan } = await import('../../io/args');
    const { writeBarsOut } = await import('../../io/output');
    const key = parseSeriesArg(positionals, queryCommand.usage);
    const range = parseRange(values);
    const years = parseSpan(values.years, '--years', 1, 9999);
    const months = parseSpan(values.months, '--months', 1, 12);
    const { parseResampleArgs } = await import('../../../../engines/resample/cli-args');
    const resample = parseResampleArgs(values);
    if (values.fetch === true) {
      if (values.from === undefined || values.to === undefined)
        throw new BarcatError('USAGE', `--fetch needs --from and --to; usage: barcat ${queryCommand.usage}`);
      const { fetchForQuery } = await import('./query-fetch');
      await fetchForQuery(catalogDir, key, range!, values['base-url'], io);
    } else if (values['base-url'] !== undefined)
      throw new BarcatError('USAGE', `--base-url goes with --fetch; usage: barcat ${queryCommand.usage}`);
    if (resample) {
      return withReadCatalog(catalogDir, async (catalog) => {
        const { queryResampled } = await import('./query-resampled');
        return await queryResampled(catalog, key, range, { years, months }, resample, format, values.out, io);
      });
    }
    // Bars as stored need only the catalog's read-only door: a query of a day loads none of its writes.
    // One read, then exit: a decode worker would start on the cores this read uses and be warm for
    // no next read (measured slower, docs/performance.md, "Cold reads", round 7).
    const { openCatalogReader } = await import('../../../../engines/catalog/read-only');
    const catalog = await openCatalogReader(catalogDir, {
      ...READ_OPEN,
      workerDecodeMinRows: Number.POSITIVE_INFINITY,
    });
    try {
      const bars = await catalog.queryBatch(key, range, { years, months });
      const out = typeof values.out === 'string' ? values.out : undefined;
      await writeBarsOut(bars, format as 'csv' | 'json' | 'parquet', out, io);
      return 0;
    } finally {
      await catalog.close();
    }
  },
};
