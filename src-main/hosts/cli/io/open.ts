import type { OpenOptions, openCatalog } from '../../../engines/catalog/index';
import type { CommandArgs } from '../command';

/** Readers never create a catalog: a mistyped path is an error, not a new empty catalog. */
export const READ_OPEN: OpenOptions = {
  create: false,
  missingHint: 'check --catalog or BARCAT_CATALOG (write, import and backfill make one with --create)',
};

/**
 * Writers (write, import, backfill) create a catalog only with --create, or at the default location
 * (the user data folder, named by neither --catalog nor BARCAT_CATALOG) on first use.
 */
export function writeOpenOptions(args: Pick<CommandArgs, 'values' | 'catalogIsDefault'>): OpenOptions {
  if (args.values.create === true) return { create: true };
  if (args.catalogIsDefault) return {};
  return { create: false, missingHint: 'run with --create to make one' };
}

/** The --create option of the commands that write. */
export const CREATE_OPTION = { create: { type: 'boolean', default: false } } as const;

export type OpenedCatalog = Awaited<ReturnType<typeof openCatalog>>;

/** Opens the existing catalog for `work` and always closes it; `options` add to READ_OPEN. */
export async function withReadCatalog<T>(
  dir: string,
  work: (catalog: OpenedCatalog) => Promise<T>,
  options: Omit<OpenOptions, 'create'> = {},
): Promise<T> {
  // Loaded on use so `barcat --help` does not pull in the Parquet stack.
  const { openCatalog } = await import('../../../engines/catalog/index');
  const catalog = await openCatalog(dir, { ...READ_OPEN, ...options });
  try {
    return await work(catalog);
  } finally {
    await catalog.close();
  }
}
