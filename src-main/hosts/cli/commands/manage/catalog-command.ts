import type { SeriesKey } from '../../../../../src-shared/domain/series';
import type { openCatalog } from '../../../../engines/catalog/index';
import type { Command, CommandArgs } from '../../command';

type Spec = Pick<Command, 'name' | 'summary' | 'usage'>;
type Catalog = Awaited<ReturnType<typeof openCatalog>>;

/** A command that opens an existing catalog, runs `work` on it and always closes it (rebuild, verify). */
export function catalogCommand(
  spec: Spec,
  work: (catalog: Catalog, args: CommandArgs) => Promise<number>,
): Command {
  return { ...spec, options: {}, run: (args) => withReadCatalog(args.catalogDir, (c) => work(c, args)) };
}

/**
 * A catalogCommand on one SERIES (history, undo): the argument is checked before the catalog is
 * opened, so a usage error is reported as one.
 */
export function seriesCommand(
  spec: Spec,
  work: (catalog: Catalog, key: SeriesKey, args: CommandArgs) => Promise<number>,
): Command {
  return {
    ...spec,
    options: {},
    async run(args) {
      const { parseSeriesArg } = await import('../../io/args');
      const key = parseSeriesArg(args.positionals, spec.usage);
      return withReadCatalog(args.catalogDir, (c) => work(c, key, args));
    },
  };
}

/** Opens the existing catalog for `work` and always closes it. */
export async function withReadCatalog(
  dir: string,
  work: (catalog: Catalog) => Promise<number>,
): Promise<number> {
  // Loaded on use so `barcat --help` does not pull in the Parquet stack.
  const { openCatalog } = await import('../../../../engines/catalog/index');
  const { READ_OPEN } = await import('../../io/open');
  const catalog = await openCatalog(dir, READ_OPEN);
  try {
    return await work(catalog);
  } finally {
    await catalog.close();
  }
}
