import { IB_OPTIONS, IB_SERIES_OPTIONS, IB_SERIES_USAGE, IB_USAGE } from '../../backfill/ib-options';
import type { Command } from '../../command';
import { CREATE_OPTION, writeOpenOptions } from '../../io/open';
import { PROVIDER_OPTIONS, SPAN_OPTIONS, stringOptions } from '../../io/option-groups';

export const backfillCommand: Command = {
  name: 'backfill',
  summary:
    'Fetch the missing bars of a series from a provider (binance-spot, binance-futures, binance-archive, alpaca, polygon, ibkr, ...), or Dukascopy ticks (DUKASCOPY:SYMBOL:quotes|TF)',
  usage: `backfill SERIES [--provider NAME] [--from ISO] [--to ISO] ${IB_USAGE} ${IB_SERIES_USAGE} [--archive-url URL] [--rate N] [--force-recheck] [--create] [--json]\n  backfill DUKASCOPY:SYMBOL:quotes|TF --from ISO --to ISO [--base-url URL] [--price bid|ask|mid] [--rate N] [--create] [--json]`,
  options: {
    ...stringOptions('provider', 'archive-url', 'price'),
    ...SPAN_OPTIONS,
    ...PROVIDER_OPTIONS,
    'force-recheck': { type: 'boolean', default: false },
    ...IB_OPTIONS,
    ...IB_SERIES_OPTIONS,
    ...CREATE_OPTION,
  },
  async run(args) {
    const { values, positionals, catalogDir, catalogIsDefault, json, io } = args;
    const { BarcatError } = await import('../../../../plumbing/errors');
    const { parseSeriesArg, parseTime } = await import('../../io/args');
    const { parseProviderName } = await import('../../backfill/keep-current-args');
    const chosen = parseProviderName(values.provider, backfillCommand.usage);
    const rate = values.rate === undefined ? undefined : Number(values.rate);
    if (rate !== undefined && !(rate > 0))
      throw new BarcatError(
        'USAGE',
        `--rate "${values.rate}" must be a positive number of requests per second`,
      );
    const archiveUrl = values['archive-url'];
    if (typeof archiveUrl === 'string' && !/^https?:\/\/[^\s]+$/.test(archiveUrl))
      throw new BarcatError('USAGE', `--archive-url "${archiveUrl}" is not an http(s) URL`);
    // Dukascopy serves ticks (bars are built from them): its own foreground path, see docs/backfill.md.
    if (/^dukascopy:/i.test(positionals[0] ?? ''))
      return (await import('../../backfill/dukascopy')).runDukascopyBackfill(args);
    if (values.price !== undefined)
      throw new BarcatError('USAGE', '--price is for bars built from Dukascopy ticks (DUKASCOPY:SYMBOL:TF)');
    const key = parseSeriesArg(positionals, backfillCommand.usage);
    const { baseUrlWithIb } = await import('../../backfill/keep-current-args');
    const baseUrl = await baseUrlWithIb(values);
    const { openForCli } = await import('../../backfill/open');
    const { followJob } = await import('../../backfill/run');
    const { catalog, svc, close } = await openForCli(catalogDir, io, {
      requestsPerSecond: rate,
      archiveBaseUrl: values['archive-url'] as string | undefined,
      open: writeOpenOptions({ values, catalogIsDefault }),
    });
    try {
      // Without --provider: the series' own (set in the app), else its venue's; never a guess.
      const { noProviderError, seriesProvider, seriesRequestSettings } = await import(
        '../../../../engines/backfill/series-provider'
      );
      const { ibSeriesFromFlags } = await import('../../backfill/keep-current-args');
      // Only a series not yet there has no settings; an unreadable manifest is an error, never the defaults.
      const a = await catalog.availability(key).catch((err: unknown) => {
        if (err instanceof BarcatError && err.code === 'NOT_FOUND') return undefined;
        throw err;
      });
      const provider = chosen ?? seriesProvider(key, a?.provider);
      if (!provider) throw noProviderError(key);
      // IB flags change the series' own settings (kept with it when ibkr is its provider) for this job and the next.
      const ibkr = ibSeriesFromFlags(values, provider, a?.ibkr);
      if (ibkr && a?.provider === 'ibkr' && catalog.setProvider) await catalog.setProvider(key, 'ibkr', ibkr);
      const job = await svc.start({
        series: `${key.venue}:${key.symbol}:${key.timeframe}`,
        provider,
        from: parseTime(values.from, '--from'),
        to: parseTime(values.to, '--to'),
        baseUrl,
        forceRecheck: values['force-recheck'] === true,
        ...seriesRequestSettings(provider, { ibkr: ibkr ?? a?.ibkr }),
      });
      return await followJob(svc, job, io, json);
    } finally {
      await close();
    }
  },
};
