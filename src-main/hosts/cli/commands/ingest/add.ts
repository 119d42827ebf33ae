import { IB_OPTIONS, IB_SERIES_OPTIONS, IB_SERIES_USAGE, IB_USAGE } from '../../backfill/ib-options';
import type { Command } from '../../command';
import { CREATE_OPTION, writeOpenOptions } from '../../io/open';
import { ALL_HISTORY_OPTION, PROVIDER_OPTIONS, SPAN_OPTIONS, stringOptions } from '../../io/option-groups';

export const addCommand: Command = {
  name: 'add',
  summary: "Add a provider's symbol as a series and download its history (one backfill job)",
  usage: `add PROVIDER:SYMBOL --timeframe TF [--from DATE | --all-history] [--to DATE] ${IB_USAGE} ${IB_SERIES_USAGE} [--rate N] [--symbols-url URL] [--create] [--json]`,
  options: {
    ...stringOptions('timeframe', 'symbols-url'),
    ...SPAN_OPTIONS,
    ...ALL_HISTORY_OPTION,
    ...PROVIDER_OPTIONS,
    ...IB_OPTIONS,
    ...IB_SERIES_OPTIONS,
    ...CREATE_OPTION,
  },
  async run({ values, positionals, catalogDir, catalogIsDefault, json, io }) {
    const { BarcatError } = await import('../../../../plumbing/errors');
    const { parseTime } = await import('../../io/args');
    const { parseTimeframe } = await import('../../../../../src-shared/domain/timeframe');
    const { parseSymbolProvider, parseBaseUrl, baseUrlWithIb, parseRate, cliNow, ibSeriesFromFlags } =
      await import('../../backfill/keep-current-args');
    const usage = `usage: barcat ${addCommand.usage}`;
    const [arg, ...rest] = positionals;
    const sep = arg?.indexOf(':') ?? -1;
    if (!arg || sep <= 0 || sep === arg.length - 1 || rest.length)
      throw new BarcatError('USAGE', `give one PROVIDER:SYMBOL, e.g. binance-spot:BTCUSDT; ${usage}`);
    // Interactive Brokers has no symbol list: its contract is resolved through TWS instead.
    const name = arg.slice(0, sep);
    const provider = name === 'ibkr' ? name : parseSymbolProvider(name, addCommand.usage);
    if (typeof values.timeframe !== 'string') throw new BarcatError('USAGE', `missing --timeframe; ${usage}`);
    const tf = parseTimeframe(values.timeframe);
    if ('error' in tf) throw new BarcatError('USAGE', `--timeframe: ${tf.error}`);
    const ibkr = ibSeriesFromFlags(values, provider, undefined);
    const allHistory = values['all-history'] === true;
    const from = parseTime(values.from, '--from');
    if ((from === undefined) === !allHistory)
      throw new BarcatError('USAGE', `give either --from DATE or --all-history; ${usage}`);
    const { openForCli, cliRetryPolicy } = await import('../../backfill/open');
    const { followJob } = await import('../../backfill/run');
    const { addSeries } = await import('../../../../engines/backfill/keep-current/add');
    const { keysFromEnv } = await import('../../../../engines/providers/index');
    const rate = parseRate(values.rate);
    const { catalog, svc, close } = await openForCli(catalogDir, io, {
      requestsPerSecond: rate,
      open: writeOpenOptions({ values, catalogIsDefault }),
    });
    try {
      const { job } = await addSeries(
        {
          catalog,
          catalogDir,
          svc,
          getKey: keysFromEnv(io.env),
          now: cliNow(io.env),
          call: { policy: cliRetryPolicy(io.env), requestsPerSecond: rate },
        },
        {
          provider,
          symbol: arg.slice(sep + 1),
          timeframe: tf.timeframe,
          from: from ?? 'all-history',
          to: parseTime(values.to, '--to'),
          baseUrl: await baseUrlWithIb(values),
          symbolsUrl: values['symbols-url'] === undefined ? undefined : parseBaseUrl(values['symbols-url']),
          ...(ibkr ? { ibkr } : {}),
        },
      );
      return await followJob(svc, job, io, json);
    } finally {
      await close();
    }
  },
};
