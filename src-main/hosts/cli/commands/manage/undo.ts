import { seriesCommand } from './catalog-command';

export const undoCommand = seriesCommand(
  {
    name: 'undo',
    summary:
      'Take back the last write of a series (an import, a backfill, a write, a fix), restoring the generation before it',
    usage: 'undo SERIES [--json]',
  },
  async (catalog, key, { json, io }) => {
    const { undoWithFixes } = await import('../../../../engines/quality/index');
    const r = (await undoWithFixes(catalog, key, 'cli:undo')).undo;
    if (json) io.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else {
      const n = (x: number) => x.toLocaleString('en-US');
      const files = (k: number) => `${k} file${k === 1 ? '' : 's'}`;
      const gens = r.undone.length === 1 ? `generation ${r.undone[0]}` : `generations ${r.undone.join(', ')}`;
      io.stdout.write(
        `undid ${gens} of ${r.series}${r.source ? ` (written by ${r.source})` : ''}: generation ${r.restoredGeneration} is live again as generation ${r.generation}\n` +
          `bars ${n(r.barsBefore)} -> ${n(r.barsAfter)}: ${n(r.barsRestored)} restored (${files(r.filesRestored)}), ${n(r.barsRemoved)} removed (${files(r.filesRemoved)})\n`,
      );
      if (r.dbImportReset)
        io.stdout.write(
          `the database import of ${r.dbImportReset.source} starts over: its next "barcat import-db" run reads the source from the start (it had read ${n(r.dbImportReset.rows)} rows)\n`,
        );
    }
    return 0;
  },
);
