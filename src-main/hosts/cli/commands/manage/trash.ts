import type { Command } from '../../command';
import { YES_OPTION } from '../../io/option-groups';

export const trashCommand: Command = {
  name: 'trash',
  summary: 'List deleted series, restore one, or empty the trash for good',
  usage: 'trash list|restore ID|empty [ID] [--yes] [--json]',
  options: YES_OPTION,
  async run({ values, positionals, catalogDir, json, io }) {
    const { withReadCatalog } = await import('./catalog-command');
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
        if (json) io.stdout.write(`${JSON.stringify({ trash: entries }, null, 2)}\n`);
        else if (entries.length === 0) io.stdout.write('the trash is empty\n');
        else
          io.stdout.write(
            textTable(
              ['ID', 'SERIES', 'DELETED', 'BARS', 'FILES'],
              entries.map((e) => [e.id, e.series, isoTime(e.deletedAt), e.bars, e.partitions]),
            ),
          );
      } else if (action === 'restore') {
        const e = await catalog.restoreFromTrash(id!, { source: 'cli:trash' });
        if (json) io.stdout.write(`${JSON.stringify(e, null, 2)}\n`);
        else io.stdout.write(`restored ${line(e)}\n`);
      } else {
        const gone = await catalog.emptyTrash(id, { source: 'cli:trash' });
        if (json) io.stdout.write(`${JSON.stringify({ deleted: gone }, null, 2)}\n`);
        else {
          for (const e of gone) io.stdout.write(`deleted for good: ${line(e)}\n`);
          if (gone.length === 0) io.stdout.write('the trash was already empty\n');
        }
      }
      return 0;
    });
  },
};
