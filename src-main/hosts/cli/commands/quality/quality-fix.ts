import { seriesId } from '../../../../../src-shared/domain/series';
import { dropFinding, reviewFinding, unreviewFinding } from '../../../../engines/quality/index';
import { BarcatError } from '../../../../plumbing/errors';
import type { CommandArgs } from '../../command';
import { writeAnswer } from '../../io/answer';
import { parseSeriesArg } from '../../io/args';
import { withReadCatalog } from '../../io/open';

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
  return withReadCatalog(catalogDir, async (catalog) => {
    const by = 'cli:quality';
    const bars = (n: number) => `${n} bar${n === 1 ? '' : 's'}`;
    const sid = seriesId(key);
    if (action === 'refetch') {
      const { runRefetch } = await import('./quality-refetch');
      return await runRefetch(catalog, key, id, args);
    }
    const reason = typeof values.reason === 'string' ? values.reason : 'dropped by hand';
    const dropped = action === 'drop' ? await dropFinding(catalog, key, id, reason, by) : undefined;
    const state =
      dropped ??
      (action === 'review'
        ? await reviewFinding(catalog, key, id, note.trim(), by)
        : await unreviewFinding(catalog, key, id, by));
    const out = { series: sid, findings: state.findings, open: state.open, dropped: dropped?.dropped };
    writeAnswer(io, json, out, () => {
      const what = dropped
        ? `dropped ${bars(dropped.dropped)} of finding ${id} from ${sid} (kept in its quarantine; "barcat undo ${sid}" puts them back)`
        : action === 'review'
          ? `marked finding ${id} of ${sid} reviewed`
          : `finding ${id} of ${sid} is open again`;
      return `${what}; ${state.open} open findings left\n`;
    });
    return 0;
  });
}
