import { seriesId } from '../../../../src-shared/domain/series';
import { openCatalog } from '../../../engines/catalog/index';
import { dropFinding, reviewFinding, unreviewFinding } from '../../../engines/quality/index';
import { BarcatError } from '../../../plumbing/errors';
import type { CommandArgs } from '../command';
import { parseSeriesArg } from '../io/args';
import { READ_OPEN } from '../io/open';

/** `barcat quality SERIES review|unreview|drop|refetch ID`: one fix, atomic, logged, undoable. */
export async function runQualityFix(
  args: Pick<CommandArgs, 'values' | 'positionals' | 'catalogDir' | 'json' | 'io'>,
  usage: string,
): Promise<number> {
  const { values, positionals, catalogDir, json, io } = args;
  const key = parseSeriesArg(positionals, usage);
  const [, action, id, ...rest] = positionals;
  if (!id || rest.length > 0 || !['review', 'unreview', 'drop', 'refetch'].includes(action ?? ''))
    throw new BarcatError('USAGE', `usage: barcat ${usage}`);
  const note = typeof values.note === 'string' ? values.note : '';
  if (action === 'review' && note.trim() === '')
    throw new BarcatError('USAGE', 'give --note TEXT saying why the bars are kept as they are');
  const catalog = await openCatalog(catalogDir, READ_OPEN);
  try {
    const by = 'cli:quality';
    const bars = (n: number) => `${n} bar${n === 1 ? '' : 's'}`;
    const sid = seriesId(key);
    if (action === 'refetch') {
      const { runRefetch } = await import('./quality-refetch');
      return await runRefetch(catalog, key, id, args);
    }
    const state =
      action === 'review'
        ? await reviewFinding(catalog, key, id, note.trim(), by)
        : action === 'unreview'
          ? await unreviewFinding(catalog, key, id, by)
          : await dropFinding(
              catalog,
              key,
              id,
              typeof values.reason === 'string' ? values.reason : 'dropped by hand',
              by,
            );
    if (json)
      io.stdout.write(
        `${JSON.stringify({ series: sid, findings: state.findings, open: state.open, ...('dropped' in state ? { dropped: state.dropped } : {}) }, null, 2)}\n`,
      );
    else {
      const what =
        action === 'review'
          ? `marked finding ${id} of ${sid} reviewed`
          : action === 'unreview'
            ? `finding ${id} of ${sid} is open again`
            : `dropped ${bars('dropped' in state ? state.dropped : 0)} of finding ${id} from ${sid} (kept in its quarantine; "barcat undo ${sid}" puts them back)`;
      io.stdout.write(`${what}; ${state.open} open findings left\n`);
    }
    return 0;
  } finally {
    await catalog.close();
  }
}
