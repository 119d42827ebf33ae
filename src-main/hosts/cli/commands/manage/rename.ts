import { seriesId } from '../../../../../src-shared/domain/series';
import type { Command } from '../../command';
import { renameFollowLines } from './rename-words';

export const renameCommand: Command = {
  name: 'rename',
  summary:
    'Give a series another venue and/or symbol, or another timeframe label (when every bar sits on its grid), keeping its bars and settings',
  usage: 'rename SERIES [--venue V] [--symbol S] | rename SERIES --timeframe TF',
  options: { venue: { type: 'string' }, symbol: { type: 'string' }, timeframe: { type: 'string' } },
  async run({ values, positionals, catalogDir, io }) {
    const { openCatalog } = await import('../../../../engines/catalog/index');
    const { READ_OPEN } = await import('../../io/open');
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
    const catalog = await openCatalog(catalogDir, READ_OPEN);
    try {
      const { renameSeriesWithResults } = await import('../../../../engines/quality/index');
      const report = await renameSeriesWithResults(
        catalog,
        from,
        { venue, symbol, timeframe },
        { source: 'cli' },
      );
      io.stdout.write(`renamed ${seriesId(from)} to ${seriesId(report.to)}\n${renameFollowLines(report)}`);
      return 0;
    } finally {
      await catalog.close();
    }
  },
};
