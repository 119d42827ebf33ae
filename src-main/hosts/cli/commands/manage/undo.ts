import { writeAnswer } from '../../io/answer';
import { seriesCommand } from './catalog-command';

export const undoCommand = seriesCommand(
  {
    name: 'undo',
    summary:
      'Take back the last write of a series (an import, a backfill, a write, a fix), restoring the generation before it',
  },
  async (catalog, key, { json, io }) => {
    const { undoWithFixes } = await import('../../../../engines/quality/index');
    const r = (await undoWithFixes(catalog, key, 'cli:undo')).undo;
    writeAnswer(io, json, r, () => {
      const n = (x: number) => x.toLocaleString('en-US');
      const files = (k: number) => `${k} file${k === 1 ? '' : 's'}`;
      const gens = r.undone.length === 1 ? `generation ${r.undone[0]}` : `generations ${r.undone.join(', ')}`;
      const lines = [
        `undid ${gens} of ${r.series}${r.source ? ` (written by ${r.source})` : ''}: generation ${r.restoredGeneration} is live again as generation ${r.generation}`,
        `bars ${n(r.barsBefore)} -> ${n(r.barsAfter)}: ${n(r.barsRestored)} restored (${files(r.filesRestored)}), ${n(r.barsRemoved)} removed (${files(r.filesRemoved)})`,
        ...(r.dbImportReset
          ? [
              `the database import of ${r.dbImportReset.source} starts over: its next "barcat import-db" run reads the source from the start (it had read ${n(r.dbImportReset.rows)} rows)`,
            ]
          : []),
      ];
      return `${lines.join('\n')}\n`;
    });
    return 0;
  },
);
