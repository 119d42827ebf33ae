import type { Command } from '../../command';
import { writeAnswer } from '../../io/answer';
import { withReadCatalog } from '../../io/open';
import { YES_OPTION } from '../../io/option-groups';

export const deleteCommand: Command = {
  name: 'delete',
  summary: 'Move a series to the trash inside the catalog (restore it with "barcat trash restore")',
  usage: 'delete SERIES [--yes] [--json]',
  options: YES_OPTION,
  async run({ values, positionals, catalogDir, json, io }) {
    const { parseSeriesArg } = await import('../../io/args');
    const { BarcatError } = await import('../../../../plumbing/errors');
    const { seriesId } = await import('../../../../../src-shared/domain/series');
    const key = parseSeriesArg(positionals, deleteCommand.usage);
    if (values.yes !== true && !(io.stdin as { isTTY?: boolean }).isTTY)
      throw new BarcatError('USAGE', `give --yes to delete ${seriesId(key)}; nothing was deleted`);
    return withReadCatalog(catalogDir, async (catalog) => {
      const { refuseScheduled } = await import('../../../../engines/schedule/refuse-scheduled');
      await refuseScheduled(catalog.dir, key);
      if (values.yes !== true) {
        const { confirm } = await import('../../io/confirm');
        const ok = await confirm(io, `move ${seriesId(key)} to the trash of ${catalogDir}? [y/N] `);
        if (!ok) {
          io.stdout.write('nothing was deleted\n');
          return 0;
        }
      }
      const e = await catalog.deleteSeries(key, { source: 'cli:delete' });
      writeAnswer(
        io,
        json,
        e,
        () =>
          `moved ${e.series} (${e.bars.toLocaleString('en-US')} bars in ${e.partitions} files) to the trash as ${e.id}; "barcat trash restore ${e.id}" brings it back\n`,
      );
      return 0;
    });
  },
};
