import type { Catalog } from '../../../../engines/catalog/index';
import type { Command, CommandArgs } from '../../command';

/** A command that opens an existing catalog, runs `work` on it and always closes it (rebuild, verify). */
export function catalogCommand(
  spec: Pick<Command, 'name' | 'summary' | 'usage'>,
  work: (catalog: Catalog, args: CommandArgs) => Promise<number>,
): Command {
  return {
    ...spec,
    options: {},
    async run(args) {
      // Loaded on use so `barcat --help` does not pull in the Parquet stack.
      const { openCatalog } = await import('../../../../engines/catalog/index');
      const { READ_OPEN } = await import('../../io/open');
      const catalog = await openCatalog(args.catalogDir, READ_OPEN);
      try {
        return await work(catalog, args);
      } finally {
        await catalog.close();
      }
    },
  };
}
