import { IB_OPTIONS, IB_USAGE } from '../../backfill/ib-options';
import type { Command } from '../../command';
import { writeAnswer } from '../../io/answer';
import { PROVIDER_OPTIONS } from '../../io/option-groups';

export const symbolsCommand: Command = {
  name: 'symbols',
  summary:
    "Search a provider's symbols (cached per provider, refreshed daily, usable offline; ibkr asks TWS each time)",
  usage: `symbols [--provider] PROVIDER QUERY [--refresh] ${IB_USAGE} [--rate N] [--json]`,
  options: {
    provider: { type: 'string' },
    refresh: { type: 'boolean', default: false },
    ...PROVIDER_OPTIONS,
    ...IB_OPTIONS,
  },
  async run({ values, positionals, catalogDir, json, io }) {
    const { parseSymbolProvider, parseBaseUrl, baseUrlWithIb, parseRate, cliNow } = await import(
      '../../backfill/keep-current-args'
    );
    const { BarcatError } = await import('../../../../plumbing/errors');
    const given = typeof values.provider === 'string' ? [values.provider, ...positionals] : positionals;
    const [name, query, ...rest] = given;
    if (!name || query === undefined || rest.length)
      throw new BarcatError(
        'USAGE',
        `give one PROVIDER and one QUERY; usage: barcat ${symbolsCommand.usage}`,
      );
    const { searchSymbols, symbolsTable } = await import('../../../../engines/backfill/symbols/search');
    const show = (rows: Parameters<typeof symbolsTable>[0]) => {
      writeAnswer(io, json, rows, () => symbolsTable(rows));
      return 0;
    };
    if (name === 'ibkr') {
      // Interactive Brokers has no list to cache: TWS matches the query (reqMatchingSymbols).
      const { ibkrSymbols } = await import('../../../../engines/providers/ibkr/index');
      const baseUrl = await baseUrlWithIb(values);
      return show(
        await ibkrSymbols(baseUrl, query).catch((err: Error) => {
          throw new BarcatError('PROVIDER', err.message);
        }),
      );
    }
    const provider = parseSymbolProvider(name, symbolsCommand.usage);
    const { loadSymbols } = await import('../../../../engines/backfill/symbols/cache');
    const { cliRetryPolicy } = await import('../../backfill/open');
    const { keysFromEnv } = await import('../../../../engines/providers/index');
    const loaded = await loadSymbols({
      catalogDir,
      provider,
      baseUrl: parseBaseUrl(values['base-url']),
      refresh: values.refresh === true,
      now: cliNow(io.env),
      getKey: keysFromEnv(io.env),
      call: { policy: cliRetryPolicy(io.env), requestsPerSecond: parseRate(values.rate) },
    });
    if (loaded.warning) io.stderr.write(`${loaded.warning}\n`);
    return show(searchSymbols(loaded.list.symbols, query));
  },
};
