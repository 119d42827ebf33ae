import { seriesId } from '../../../../../src-shared/domain/series';
import type { Command } from '../../command';
import { withReadCatalog } from '../../io/open';
import { stringOptions } from '../../io/option-groups';
import { renameFollowLines } from './rename-words';

export const renameCommand: Command = {
  name: 'rename',
  summary:
    'Give a series another venue and/or symbol, or another timeframe label (when every bar sits on its grid), keeping its bars and settings',
  usage: 'rename SERIES [--venue V] [--symbol S] | rename SERIES --timeframe TF',
  options: stringOptions('venue', 'symbol', 'timeframe'),
  async run({ values, positionals, catalogDir, io }) {
    const { parseSeriesArg } = await import('../../io/args');
    const { BarcatError } = await import('../../../../plumbing/errors');
    const from = parseSeriesArg(positionals, renameCommand.usage);
    const venue = typeof values.venue === 'string' ? values.venue : undefined;
    const symbol = typeof values.symbol === 'string' ? values.symbol : undefined;
    const timeframe = typeof values.timeframe === 'string' ? values.timeframe : undefined;
    if (venue === undefined && symbol === undefined && timeframe === undefined)
      throw new BarcatError(
        'USAGE',
        `give --venue and/or --symbol, or --timeframe; usage: barcat ${renameCommand.usage}`,
      );
    return withReadCatalog(catalogDir, async (catalog) => {
      const { renameSeriesWithResults } = await import('../../../../engines/quality/index');
      const report = await renameSeriesWithResults(
        catalog,
        from,
        { venue, symbol, timeframe },
        { source: 'cli' },
      );
      io.stdout.write(`renamed ${seriesId(from)} to ${seriesId(report.to)}\n${renameFollowLines(report)}`);
      return 0;
    });
  },
};
