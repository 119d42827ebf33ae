import type { ConflictMode } from '../../../src-shared/domain/bar';
import {
  crashPoint,
  type ExtraColumn,
  type OpenOptions,
  openCatalog,
  readDbWatermark,
  tsLimitsFromEnv,
  type WriteResult,
  writeDbWatermark,
} from '../catalog/index';
import { SeriesChunk } from './chunk';
import type { DbConnection } from './connection';
import { connectDb } from './open-db';
import type { DbImportPlan } from './plan';
import { ProblemLog } from './problems';
import { isProblem, RowReader } from './rows';
import { nullTimeQuery, rowsQuery } from './sql';
import { tsvRows } from './tsv';

export type DbOnError = 'reject' | 'skip';

export interface DbImportRequest {
  plan: DbImportPlan;
  catalogDir: string;
  open: OpenOptions;
  mode: ConflictMode;
  /** reject: a first pass checks every row and nothing is written if one breaks a rule; skip: bad rows are left out and listed. */
  onError: DbOnError;
  /** Source rows per commit (and per watermark step). */
  chunkRows: number;
}

export interface DbImportProgress {
  phase: 'check' | 'import';
  rows: number;
  /** Rows covered by the watermark so far (this run). */
  committed: number;
}

export interface DbProblemsReport {
  total: number;
  byRule: Record<string, number>;
  first: { key: string; rule: string; column: string; what: string }[];
}

export interface DbImportResult {
  outcome: 'imported' | 'rejected';
  /** The watermark key this run started after (null: from the first row). */
  resumedAfter: string[] | null;
  rowsRead: number;
  /** Rows whose time is NULL: never imported, counted here. */
  nullTimes: number;
  problems: DbProblemsReport;
  written: Omit<WriteResult, 'partitionsWritten'> & { partitionsWritten: number };
  series: string[];
}

interface Hooks {
  signal?: AbortSignal;
  onProgress?(p: DbImportProgress): void;
}

const PROGRESS_EVERY = 10_000;

function report(log: ProblemLog): DbProblemsReport {
  return { total: log.total, byRule: { ...log.byRule } as Record<string, number>, first: log.first };
}

function extraColumns(plan: DbImportPlan): ExtraColumn[] {
  return (['trades', 'vwap'] as const).filter((c) => plan.map[c] !== undefined);
}

/** The check pass of --on-error reject: every row after the watermark through the rules, nothing written. */
async function checkRows(
  conn: DbConnection,
  req: DbImportRequest,
  after: string[] | null,
  hooks: Hooks,
): Promise<{ log: ProblemLog; rows: number }> {
  const reader = new RowReader(req.plan, tsLimitsFromEnv());
  const log = new ProblemLog();
  let rows = 0;
  for await (const row of tsvRows(conn.tsv(rowsQuery(req.plan, after), hooks.signal))) {
    const r = reader.read(row);
    if (isProblem(r)) log.add(r);
    if (++rows % PROGRESS_EVERY === 0) hooks.onProgress?.({ phase: 'check', rows, committed: 0 });
  }
  return { log, rows };
}

/**
 * Migrates a table or query into the catalog, streamed in chunks: each chunk's bars are written per
 * series through the catalog's write (its bar rules and modes), then the watermark moves to the
 * chunk's last key. A killed run resumes after the watermark; a re-run reads only rows past it.
 */
export async function runDbImport(req: DbImportRequest, hooks: Hooks = {}): Promise<DbImportResult> {
  const { plan } = req;
  const conn = await connectDb(plan.target);
  try {
    const nullTimes = Number((await collectText(conn, nullTimeQuery(plan))).trim() || 0);
    const catalog = await openCatalog(req.catalogDir, req.open);
    const mark = await readDbWatermark(catalog.dir, plan.sourceHash);
    const after = mark?.key ?? null;
    const written = { added: 0, replaced: 0, removed: 0, skipped: 0, partitionsWritten: 0 };
    const series = new Set<string>();
    try {
      if (req.onError === 'reject') {
        const checked = await checkRows(conn, req, after, hooks);
        if (checked.log.total > 0)
          return {
            outcome: 'rejected',
            resumedAfter: after,
            rowsRead: checked.rows,
            nullTimes,
            problems: report(checked.log),
            written,
            series: [],
          };
      }
      const reader = new RowReader(plan, tsLimitsFromEnv());
      const log = new ProblemLog();
      const chunk = new SeriesChunk(extraColumns(plan));
      let rows = 0;
      let inChunk = 0;
      let chunks = 0;
      let committed = 0;
      let lastKey: string[] | null = null;
      const commit = async () => {
        for (const { key, batch } of chunk.batches()) {
          const r = await catalog.write(key, batch, req.mode, {
            source: `import-db:${plan.sourceHash}`,
            signal: hooks.signal,
          });
          written.added += r.added;
          written.replaced += r.replaced;
          written.removed += r.removed;
          written.skipped += r.skipped;
          written.partitionsWritten += r.partitionsWritten;
        }
        chunks++;
        // Test hook: the bars are in, the watermark not yet (a kill here re-reads this chunk).
        crashPoint(`db-import-written-${chunks}`);
        if (lastKey)
          await writeDbWatermark(catalog.dir, plan.sourceHash, {
            source: plan.sourceLabel,
            key: lastKey,
            rows: (mark?.rows ?? 0) + rows,
            updatedAt: new Date().toISOString(),
          });
        committed = rows;
        chunk.clear();
        inChunk = 0;
        hooks.onProgress?.({ phase: 'import', rows, committed });
      };
      for await (const row of tsvRows(conn.tsv(rowsQuery(plan, after), hooks.signal))) {
        const r = reader.read(row);
        if (isProblem(r)) log.add(r);
        else {
          chunk.add(r);
          series.add(r.series);
        }
        lastKey = keyOf(row, plan);
        rows++;
        if (++inChunk >= req.chunkRows) await commit();
        else if (rows % PROGRESS_EVERY === 0) hooks.onProgress?.({ phase: 'import', rows, committed });
      }
      if (inChunk > 0) await commit();
      return {
        outcome: 'imported',
        resumedAfter: after,
        rowsRead: rows,
        nullTimes,
        problems: report(log),
        written,
        series: [...series].sort(),
      };
    } finally {
      await catalog.close();
    }
  } finally {
    await conn.close();
  }
}

/** The key columns of a row as text: the ts key then the series columns (what the watermark keeps). */
function keyOf(row: readonly (string | null)[], plan: DbImportPlan): string[] {
  const n = 'fixed' in plan.series ? 1 : plan.series.timeframeCol ? 4 : 3;
  return row.slice(0, n).map((v) => v ?? '');
}

async function collectText(conn: DbConnection, sql: string): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of conn.tsv(sql)) parts.push(c);
  return Buffer.concat(parts).toString('utf8');
}
