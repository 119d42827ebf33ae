import type { Command } from '../../command';
import { writeAnswer } from '../../io/answer';
import { withReadCatalog } from '../../io/open';
import { YES_OPTION } from '../../io/option-groups';

export const trashCommand: Command = {
  name: 'trash',
  summary: 'List deleted series, restore one, or empty the trash for good',
  usage: 'trash list|restore ID|empty [ID] [--yes] [--json]',
  options: YES_OPTION,
  async run({ values, positionals, catalogDir, json, io }) {
    const { isoTime, textTable } = await import('../../io/format');
    const { BarcatError } = await import('../../../../plumbing/errors');
    const [action, id, ...rest] = positionals;
    const usage = () => new BarcatError('USAGE', `usage: barcat ${trashCommand.usage}`);
    if (rest.length > 0 || !['list', 'restore', 'empty'].includes(action ?? '')) throw usage();
    if (action === 'restore' && id === undefined) throw usage();
    if (action === 'empty' && values.yes !== true)
      throw new BarcatError('USAGE', 'give --yes to empty the trash for good; nothing was deleted');
    return withReadCatalog(catalogDir, async (catalog) => {
      const line = (e: { id: string; series: string; bars: number }) =>
        `${e.series} (${e.bars.toLocaleString('en-US')} bars, ${e.id})`;
      if (action === 'list') {
        const entries = await catalog.listTrash();
        writeAnswer(io, json, { trash: entries }, () =>
          entries.length === 0
            ? 'the trash is empty\n'
            : textTable(
                ['ID', 'SERIES', 'DELETED', 'BARS', 'FILES'],
                entries.map((e) => [e.id, e.series, isoTime(e.deletedAt), e.bars, e.partitions]),
              ),
        );
      } else if (action === 'restore') {
        const e = await catalog.restoreFromTrash(id!, { source: 'cli:trash' });
        writeAnswer(io, json, e, () => `restored ${line(e)}\n`);
      } else {
        const gone = await catalog.emptyTrash(id, { source: 'cli:trash' });
        writeAnswer(io, json, { deleted: gone }, () =>
          gone.length === 0
            ? 'the trash was already empty\n'
            : gone.map((e) => `deleted for good: ${line(e)}\n`).join(''),
        );
      }
      return 0;
    });
  },
};
