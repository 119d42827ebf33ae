import { IB_OPTIONS } from '../backfill/keep-current-args';
import type { Command } from '../command';

export const updateCommand: Command = {
  name: 'update',
  summary: 'Bring series up to the last closed bar, or extend their history backwards',
  usage:
    'update [SERIES... | --all] [--extend-to DATE | --all-history] [--base-url URL | --ib-host H --ib-port P --ib-client-id N] [--rate N] [--json]',
  options: {
    all: { type: 'boolean', default: false },
    'extend-to': { type: 'string' },
    'all-history': { type: 'boolean', default: false },
    'base-url': { type: 'string' },
    rate: { type: 'string' },
    ...IB_OPTIONS,
  },
  async run({ values, positionals, catalogDir, json, io }) {
    const { BarcatError } = await import('../../../plumbing/errors');
    const { parseTime } = await import('../io/args');
    const { parseSeriesId } = await import('../../../../src-shared/domain/series');
    const { baseUrlWithIb, parseRate, cliNow } = await import('../backfill/keep-current-args');
    const usage = `usage: barcat ${updateCommand.usage}`;
    const all = values.all === true;
    if (all === positionals.length > 0 || (!all && positionals.length === 0))
      throw new BarcatError('USAGE', `name the series to update, or --all; ${usage}`);
    const extendTo = parseTime(values['extend-to'], '--extend-to');
    const allHistory = values['all-history'] === true;
    if (extendTo !== undefined && allHistory)
      throw new BarcatError('USAGE', `give --extend-to or --all-history, not both; ${usage}`);
    const keys = positionals.map((p) => {
      try {
        return parseSeriesId(p);
      } catch (err) {
        throw new BarcatError('USAGE', `series "${p}": ${(err as Error).message}; ${usage}`);
      }
    });
    const baseUrl = await baseUrlWithIb(values);
    const rate = parseRate(values.rate);
    const { takeUpdateLock } = await import('../../../engines/backfill/keep-current/update-lock');
    const { openForCli, cliRetryPolicy } = await import('../backfill/open');
    const { updateMany, seriesWithProvider, updateText } = await import(
      '../../../engines/backfill/keep-current/update'
    );
    const { keysFromEnv } = await import('../../../engines/providers/index');
    const release = await takeUpdateLock(catalogDir);
    try {
      const { catalog, svc, close } = await openForCli(catalogDir, io, { requestsPerSecond: rate });
      try {
        const mode =
          extendTo !== undefined
            ? ({ kind: 'extend', to: extendTo } as const)
            : allHistory
              ? ({ kind: 'extend', to: 'all-history' } as const)
              : ({ kind: 'to-now' } as const);
        const outcomes = await updateMany(
          {
            catalog,
            svc,
            getKey: keysFromEnv(io.env),
            now: cliNow(io.env),
            baseUrl,
            call: { policy: cliRetryPolicy(io.env), requestsPerSecond: rate },
          },
          all ? await seriesWithProvider(catalog) : keys,
          mode,
        );
        io.stdout.write(json ? `${JSON.stringify(outcomes, null, 2)}\n` : updateText(outcomes));
        const failed = outcomes.some((o) => o.status === 'failed' || o.status === 'error');
        return failed ? 3 : outcomes.some((o) => o.status === 'cancelled') ? 2 : 0;
      } finally {
        await close();
      }
    } finally {
      await release();
    }
  },
};
