import { CREATE_OPTION } from '../../catalog/cli/open';
import type { Command } from '../command';

export const backfillCommand: Command = {
  name: 'backfill',
  summary:
    'Fetch the missing bars of a series from a provider (binance-spot, binance-futures, binance-archive, alpaca, polygon)',
  usage:
    'backfill SERIES --provider NAME [--from ISO] [--to ISO] [--base-url URL] [--archive-url URL] [--rate N] [--force-recheck] [--create] [--json]',
  options: {
    provider: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    'base-url': { type: 'string' },
    'archive-url': { type: 'string' },
    rate: { type: 'string' },
    'force-recheck': { type: 'boolean', default: false },
    ...CREATE_OPTION,
  },
  async run({ values, positionals, catalogDir, catalogIsDefault, json, io }) {
    const { BarcatError } = await import('../../errors');
    const { parseSeriesArg, parseTime } = await import('../../catalog/cli/args');
    const { PROVIDER_NAMES } = await import('../../../src-shared/domain/job');
    const key = parseSeriesArg(positionals, backfillCommand.usage);
    const provider = values.provider;
    if (typeof provider !== 'string' || !(PROVIDER_NAMES as readonly string[]).includes(provider))
      throw new BarcatError(
        'USAGE',
        `--provider must be one of ${PROVIDER_NAMES.join(', ')}; usage: barcat ${backfillCommand.usage}`,
      );
    const rate = values.rate === undefined ? undefined : Number(values.rate);
    if (rate !== undefined && !(rate > 0))
      throw new BarcatError(
        'USAGE',
        `--rate "${values.rate}" must be a positive number of requests per second`,
      );
    for (const flag of ['base-url', 'archive-url'] as const) {
      const v = values[flag];
      if (typeof v === 'string' && !/^https?:\/\/[^\s]+$/.test(v))
        throw new BarcatError('USAGE', `--${flag} "${v}" is not an http(s) URL`);
    }
    const { openForCli } = await import('../../backfill/cli/open');
    const { writeOpenOptions } = await import('../../catalog/cli/open');
    const { followJob } = await import('../../backfill/cli/run');
    const { catalog, svc, close } = await openForCli(catalogDir, io, {
      requestsPerSecond: rate,
      archiveBaseUrl: values['archive-url'] as string | undefined,
      open: writeOpenOptions({ values, catalogIsDefault }),
    });
    void catalog;
    try {
      const job = await svc.start({
        series: `${key.venue}:${key.symbol}:${key.timeframe}`,
        provider: provider as (typeof PROVIDER_NAMES)[number],
        from: parseTime(values.from, '--from'),
        to: parseTime(values.to, '--to'),
        baseUrl: values['base-url'] as string | undefined,
        forceRecheck: values['force-recheck'] === true,
      });
      return await followJob(svc, job, io, json);
    } finally {
      await close();
    }
  },
};
