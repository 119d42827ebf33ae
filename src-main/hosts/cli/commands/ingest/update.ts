import { IB_OPTIONS, IB_USAGE } from '../../backfill/ib-options';
import type { Command } from '../../command';
import { writeAnswer } from '../../io/answer';
import { ALL_HISTORY_OPTION, ALL_OPTION, PROVIDER_OPTIONS, stringOptions } from '../../io/option-groups';

export const updateCommand: Command = {
  name: 'update',
  summary: 'Bring series up to the last closed bar, or extend their history backwards',
  usage: `update [SERIES... | --all | --group NAME] [--extend-to DATE | --all-history] [--provider NAME] ${IB_USAGE} [--rate N] [--json]`,
  options: {
    ...ALL_OPTION,
    ...stringOptions('group', 'provider', 'extend-to'),
    ...ALL_HISTORY_OPTION,
    ...PROVIDER_OPTIONS,
    ...IB_OPTIONS,
  },
  async run({ values, positionals, catalogDir, json, io }) {
    const { BarcatError } = await import('../../../../plumbing/errors');
    const { parseTime } = await import('../../io/args');
    const { parseSeriesId } = await import('../../../../../src-shared/domain/series');
    const { baseUrlWithIb, parseRate, parseProviderName } = await import('../../backfill/keep-current-args');
    const usage = `usage: barcat ${updateCommand.usage}`;
    const all = values.all === true;
    const group = values.group as string | undefined;
    if ([all, group !== undefined, positionals.length > 0].filter(Boolean).length !== 1)
      throw new BarcatError('USAGE', `name the series to update, or --all, or --group NAME; ${usage}`);
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
    const provider = parseProviderName(values.provider, updateCommand.usage);
    const rate = parseRate(values.rate);
    const { takeUpdateLock } = await import('../../../../engines/backfill/keep-current/update-lock');
    const { openKeepCurrent } = await import('../../schedule/open');
    const { updateMany, seriesWithProvider, updateText } = await import(
      '../../../../engines/backfill/keep-current/update'
    );
    const { groupSeries } = await import('../../../../engines/schedule/run-due');
    const release = await takeUpdateLock(catalogDir);
    try {
      const { catalog, settings, update, close } = await openKeepCurrent(catalogDir, io, { baseUrl, rate });
      try {
        const named = settings.groups.find((g) => g.name === group);
        if (group !== undefined && !named)
          throw new BarcatError(
            'NOT_FOUND',
            `no group "${group}"; "barcat group list" shows the groups, "barcat group add" makes one`,
          );
        const mode =
          extendTo !== undefined
            ? ({ kind: 'extend', to: extendTo } as const)
            : allHistory
              ? ({ kind: 'extend', to: 'all-history' } as const)
              : ({ kind: 'to-now' } as const);
        const outcomes = await updateMany(
          { ...update, ...(provider ? { provider } : {}) },
          all ? await seriesWithProvider(catalog) : named ? await groupSeries(catalog, named) : keys,
          mode,
        );
        writeAnswer(io, json, outcomes, () => updateText(outcomes));
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
