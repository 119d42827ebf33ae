import type { Command } from '../../command';
import { CREATE_OPTION, READ_OPEN, writeOpenOptions } from '../../io/open';
import { stringOptions } from '../../io/option-groups';

const USAGE =
  'import-db postgres://USER@HOST:PORT/DB | clickhouse://USER@HOST:PORT/DB (--table T | --query SQL) (--series V:S:T | --series-from VENUE_COL,SYMBOL_COL[,TF_COL] [--timeframe TF]) [--map ts=COL,open=COL,...] [--tz ZONE] [--mode skip|overwrite|merge] [--on-error reject|skip] [--chunk-rows N] [--verify] [--create] [--json]';

export const importDbCommand: Command = {
  name: 'import-db',
  summary: 'Migrate bars from PostgreSQL or ClickHouse (streamed, resumable, with a parity report)',
  usage: USAGE,
  options: {
    ...stringOptions(
      'table',
      'query',
      'map',
      'series',
      'series-from',
      'timeframe',
      'tz',
      'mode',
      'on-error',
      'chunk-rows',
    ),
    verify: { type: 'boolean' },
    ...CREATE_OPTION,
  },
  async run({ values, positionals, catalogDir, catalogIsDefault, json, io }) {
    const { BarcatError } = await import('../../../../plumbing/errors');
    const db = await import('../../../../engines/databases/index');
    const { sourceInputOf } = await import('../../db-args');
    const { formatDbImport, formatParity } = await import('../../db-format');
    const { callDbWorker } = await import('../../../../engines/databases/worker-call');
    if (positionals.length !== 1)
      throw new BarcatError('USAGE', `give one database URL; usage: barcat ${USAGE}`);
    const input = db.planInputOf(sourceInputOf(positionals[0] as string, values));
    const verifyOnly = values.verify === true;
    const mode = values.mode ?? 'skip';
    if (mode !== 'skip' && mode !== 'overwrite' && mode !== 'merge')
      throw new BarcatError('USAGE', `--mode must be skip, overwrite or merge (got "${mode}")`);
    const onError = values['on-error'] ?? 'reject';
    if (onError !== 'reject' && onError !== 'skip')
      throw new BarcatError('USAGE', `--on-error must be reject or skip (got "${onError}")`);
    const chunkRows = Number(values['chunk-rows'] ?? db.DEFAULT_CHUNK_ROWS);
    if (!Number.isInteger(chunkRows) || chunkRows < 1)
      throw new BarcatError('USAGE', '--chunk-rows must be a whole number of rows, 1 or more');
    const plan = await db.describeAndPlan(input);
    const ac = new AbortController();
    const onSigint = () => ac.abort();
    process.once('SIGINT', onSigint);
    try {
      let imported: import('../../../../engines/databases/index').DbImportResult | undefined;
      if (!verifyOnly) {
        const open = writeOpenOptions({ values, catalogIsDefault });
        const r = await callDbWorker(
          { kind: 'import', req: { plan, catalogDir, open, mode, onError, chunkRows } },
          {
            signal: ac.signal,
            onProgress: (p) => {
              if (!json)
                io.stderr.write(`import-db: ${p.phase} ${p.rows} rows read, ${p.committed} committed\n`);
            },
          },
        );
        if (r.kind !== 'import') throw new Error('unexpected worker answer');
        imported = r.result;
        if (!json) io.stdout.write(formatDbImport(imported));
        if (imported.outcome === 'rejected') {
          if (json) io.stdout.write(`${JSON.stringify({ import: imported })}\n`);
          return 1;
        }
      }
      const p = await callDbWorker(
        { kind: 'parity', plan, catalogDir, open: READ_OPEN },
        { signal: ac.signal },
      );
      if (p.kind !== 'parity') throw new Error('unexpected worker answer');
      if (json) io.stdout.write(`${JSON.stringify({ import: imported, parity: p.report })}\n`);
      else io.stdout.write(formatParity(p.report));
      return p.report.ok ? 0 : 1;
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};
