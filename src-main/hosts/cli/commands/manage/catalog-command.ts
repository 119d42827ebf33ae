import type { SeriesKey } from '../../../../../src-shared/domain/series';
import type { Command, CommandArgs } from '../../command';
import { type OpenedCatalog, withReadCatalog } from '../../io/open';

// These commands take no options of their own: the usage is the name (and SERIES) with the global
// --json, so it is derived here instead of each command writing it again.
type Spec = Pick<Command, 'name' | 'summary'>;

/** A command that opens an existing catalog, runs `work` on it and always closes it (rebuild, verify). */
export function catalogCommand(
  spec: Spec,
  work: (catalog: OpenedCatalog, args: CommandArgs) => Promise<number>,
): Command {
  return {
    ...spec,
    usage: `${spec.name} [--json]`,
    options: {},
    run: (args) => withReadCatalog(args.catalogDir, (c) => work(c, args)),
  };
}

/**
 * A catalogCommand on one SERIES (history, undo): the argument is checked before the catalog is
 * opened, so a usage error is reported as one.
 */
export function seriesCommand(
  spec: Spec,
  work: (catalog: OpenedCatalog, key: SeriesKey, args: CommandArgs) => Promise<number>,
): Command {
  const usage = `${spec.name} SERIES [--json]`;
  return {
    ...spec,
    usage,
    options: {},
    async run(args) {
      const { parseSeriesArg } = await import('../../io/args');
      const key = parseSeriesArg(args.positionals, usage);
      return withReadCatalog(args.catalogDir, (c) => work(c, key, args));
    },
  };
}
