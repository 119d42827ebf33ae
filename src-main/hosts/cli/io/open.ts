import type { OpenOptions } from '../../../engines/catalog/index';
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
