import { writeAnswer } from '../../io/answer';
import { seriesCommand } from './catalog-command';

export const historyCommand = seriesCommand(
  {
    name: 'history',
    summary: 'List the generations of a series kept for undo, with what wrote each',
  },
  async (catalog, key, { json, io }) => {
    const { isoTime, textTable } = await import('../../io/format');
    const gens = await catalog.history(key);
    writeAnswer(io, json, { generations: gens }, () => {
      const rows = gens.map((g) => [
        `${g.generation}${g.current ? ' (live)' : ''}`,
        g.kind ?? '-',
        g.jobId ?? '-',
        isoTime(g.at),
        g.mode ?? '-',
        g.counts ? `+${g.counts.added} ~${g.counts.replaced} -${g.counts.removed}` : '-',
        g.bars,
        g.undo
          ? `restored by undo at ${isoTime(g.undo.at)} (took back ${g.undo.generations.join(', ')})`
          : '',
      ]);
      const table = textTable(
        ['GENERATION', 'KIND', 'JOB', 'WRITTEN', 'MODE', 'ADDED ~REPLACED -REMOVED', 'BARS', 'NOTE'],
        rows,
      );
      const note = gens.length === 1 ? 'no earlier generation is kept: nothing to undo\n' : '';
      return table + note;
    });
    return 0;
  },
);
