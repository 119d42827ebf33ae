import type { Command } from '../../command';

export const symbolsCommand: Command = {
  name: 'symbols',
  summary: "Search a provider's symbols (cached per provider, refreshed daily, usable offline)",
  usage: 'symbols PROVIDER QUERY [--refresh] [--base-url URL] [--rate N] [--json]',
  options: {
    refresh: { type: 'boolean', default: false },
    'base-url': { type: 'string' },
    rate: { type: 'string' },
  },
  async run({ values, positionals, catalogDir, json, io }) {
    const { parseSymbolProvider, parseBaseUrl, parseRate, cliNow } = await import(
      '../../backfill/keep-current-args'
    );
    const { BarcatError } = await import('../../../../plumbing/errors');
    const [name, query] = positionals;
    if (!name || query === undefined)
      throw new BarcatError('USAGE', `missing PROVIDER or QUERY; usage: barcat ${symbolsCommand.usage}`);
    const provider = parseSymbolProvider(name, symbolsCommand.usage);
    const { loadSymbols } = await import('../../../../engines/backfill/symbols/cache');
    const { cliRetryPolicy } = await import('../../backfill/open');
    const { searchSymbols, symbolsTable } = await import('../../../../engines/backfill/symbols/search');
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
    const rows = searchSymbols(loaded.list.symbols, query);
    io.stdout.write(json ? `${JSON.stringify(rows, null, 2)}\n` : symbolsTable(rows));
    return 0;
  },
};
