import type { ConflictMode } from '../../../../src-shared/domain/bar';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import {
  type BarBatch,
  crashPoint,
  type ExtraColumn,
  type OpenOptions,
  openCatalog,
  readDbWatermark,
  tsLimitsFromEnv,
  type WriteResult,
  writeDbWatermark,
} from '../../catalog/index';
import type { DbConnection } from '../connect/connection';
import { connectDb } from '../connect/open-db';
import type { DbImportPlan } from '../plan';
import { isProblem, RowReader } from '../rows';
import { nullTimeQuery, rowsQuery } from '../sql';
import { tsvRowBatches } from '../tsv';
import { SeriesChunk } from './chunk';
import { ProblemLog } from './problems';

export type DbOnError = 'reject' | 'skip';

/**
 * Source rows per commit when none is given (CLI and app). Each commit costs every series of the
 * chunk a catalog write with its fsyncs, which dominated a loaded disk at 200,000; a million rows
 * keep two chunks (one read, one written) near 200 MB.
 */
export const DEFAULT_CHUNK_ROWS = 1_000_000;

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
  /**
   * Wall ms by stage: waiting for rows (server, COPY stream, TSV split), the rules, catalog writes and
   * watermarks (these two overlap the reading of the next chunk), and the reader waiting for a write.
   */
  stages: DbImportStages;
}

export interface DbImportStages {
  readMs: number;
  rulesMs: number;
  writeMs: number;
  watermarkMs: number;
  stallMs: number;
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
  for await (const batch of tsvRowBatches(conn.tsv(rowsQuery(req.plan, after), hooks.signal)))
    for (const row of batch) {
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
    const stages: DbImportStages = { readMs: 0, rulesMs: 0, writeMs: 0, watermarkMs: 0, stallMs: 0 };
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
            stages,
          };
      }
      const reader = new RowReader(plan, tsLimitsFromEnv());
      const log = new ProblemLog();
      const chunk = new SeriesChunk(extraColumns(plan));
      let rows = 0;
      let inChunk = 0;
      let chunks = 0;
      let committed = 0;
      let lastRow: readonly (string | null)[] | null = null;
      // A chunk's bars are written while the next chunk is read (the server streams and the disk
      // syncs meanwhile); one commit at a time and in order, its watermark right after its bars, so
      // the watermark never runs ahead of the catalog. At most two chunks are in memory.
      let pending: Promise<void> = Promise.resolve();
      const commit = async (batches: { key: SeriesKey; batch: BarBatch }[], key: string[], upto: number) => {
        const t0 = performance.now();
        for (const { key: series, batch } of batches) {
          const r = await catalog.write(series, batch, req.mode, {
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
        const t1 = performance.now();
        stages.writeMs += t1 - t0;
        await writeDbWatermark(catalog.dir, plan.sourceHash, {
          source: plan.sourceLabel,
          key,
          rows: (mark?.rows ?? 0) + upto,
          updatedAt: new Date().toISOString(),
        });
        stages.watermarkMs += performance.now() - t1;
        committed = upto;
        hooks.onProgress?.({ phase: 'import', rows, committed });
      };
      const flush = async (last: readonly (string | null)[]) => {
        const batches = chunk.take();
        const key = keyOf(last, plan);
        const upto = rows;
        inChunk = 0;
        const w = performance.now();
        await pending;
        stages.stallMs += performance.now() - w;
        pending = commit(batches, key, upto);
        // Its failure surfaces at the next await of `pending`; until then it is not unhandled.
        pending.catch(() => undefined);
      };
      try {
        let t = performance.now();
        let stalled = 0;
        for await (const batch of tsvRowBatches(conn.tsv(rowsQuery(plan, after), hooks.signal))) {
          const got = performance.now();
          stages.readMs += got - t;
          for (const row of batch) {
            const r = reader.read(row);
            if (isProblem(r)) log.add(r);
            else {
              chunk.add(r);
              series.add(r.series);
            }
            lastRow = row;
            rows++;
            if (++inChunk >= req.chunkRows) await flush(row);
            else if (rows % PROGRESS_EVERY === 0) hooks.onProgress?.({ phase: 'import', rows, committed });
          }
          t = performance.now();
          stages.rulesMs += t - got - (stages.stallMs - stalled);
          stalled = stages.stallMs;
        }
        if (inChunk > 0 && lastRow) await flush(lastRow);
        await pending;
      } finally {
        // A failed read (or a cancel) lets the commit in flight finish before the catalog closes.
        await pending.catch(() => undefined);
      }
      return {
        outcome: 'imported',
        resumedAfter: after,
        rowsRead: rows,
        nullTimes,
        problems: report(log),
        written,
        series: [...series].sort(),
        stages,
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
