import type { ConflictMode } from '../../../../src-shared/domain/bar';
import {
  crashPoint,
  type OpenOptions,
  openCatalog,
  readDbWatermark,
  tsLimitsFromEnv,
  writeDbWatermark,
} from '../../catalog/index';
import type { DbConnection } from '../connect/connection';
import { connectDb } from '../connect/open-db';
import type { SavedPassword } from '../connect/pgpass';
import type { DbImportPlan } from '../plan';
import { RowReader } from '../rows';
import { nullTimeQuery, rowsQuery } from '../sql';
import { BLOCK_BYTES, parsedBlocks } from './block-stream';
import { SeriesChunk } from './chunk';
import { ProblemLog } from './problems';
import { extraColumns } from './row-blocks';
import { ROW_WORKERS, type RowWorkers, rowWorkers } from './row-workers';
import { addWrites, noWrites, StagedBars, type WriteCounts } from './staged-bars';

export type DbOnError = 'reject' | 'skip';

/**
 * Source rows per commit when none is given (CLI and app). A commit costs every series a catalog
 * commit (journal, history, manifest, their fsyncs) and re-merges each series' open partition, so
 * commits are rare; memory is bounded by STAGE_ROWS and MAX_OPEN_ROWS, not by this.
 */
export const DEFAULT_CHUNK_ROWS = 5_000_000;
/** Source rows held in memory before their complete partitions are staged to disk. */
const STAGE_ROWS = 200_000;
/** Bars of open (last) partitions held in memory across steps; past this a commit stages them. */
const MAX_OPEN_ROWS = 2_000_000;

export interface DbImportRequest {
  plan: DbImportPlan;
  catalogDir: string;
  open: OpenOptions;
  mode: ConflictMode;
  /** reject: a first pass checks every row and nothing is written if one breaks a rule; skip: bad rows are left out and listed. */
  onError: DbOnError;
  /** Source rows per commit (and per watermark step); bars in between are staged in the catalog's staging area. */
  chunkRows: number;
  /** Source rows held in memory before their complete partitions are staged (STAGE_ROWS when absent). */
  stageRows?: number;
  /** The app's saved password for this PostgreSQL connection (never in the plan, job or logs). */
  password?: SavedPassword;
  /** Threads reading the rows through the rules (ROW_WORKERS when absent; 0: this thread, row by row). */
  rowWorkers?: number;
  /** Bytes of source text per block a worker reads (BLOCK_BYTES when absent). */
  blockBytes?: number;
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
  written: WriteCounts;
  series: string[];
  /**
   * Wall ms by stage: waiting for read blocks (server, COPY stream, the row workers' split and rules),
   * taking them in (rulesMs: merging a block's bars and problems), staging (sorting and encoding
   * complete partitions; their fsyncs overlap the reading), commits and watermarks.
   */
  stages: DbImportStages;
}

export interface DbImportStages {
  readMs: number;
  rulesMs: number;
  stageMs: number;
  commitMs: number;
  watermarkMs: number;
}

interface Hooks {
  signal?: AbortSignal;
  onProgress?(p: DbImportProgress): void;
}

const PROGRESS_EVERY = 10_000;

function report(log: ProblemLog): DbProblemsReport {
  return { total: log.total, byRule: { ...log.byRule } as Record<string, number>, first: log.first };
}

/** The check pass of --on-error reject: every row after the watermark through the rules, nothing written. */
async function checkRows(
  conn: DbConnection,
  req: DbImportRequest,
  after: string[] | null,
  workers: RowWorkers | null,
  hooks: Hooks,
): Promise<{ log: ProblemLog; rows: number }> {
  const reader = new RowReader(req.plan, tsLimitsFromEnv());
  const log = new ProblemLog();
  let rows = 0;
  const stream = conn.tsv(rowsQuery(req.plan, after), hooks.signal);
  for await (const block of parsedBlocks(stream, reader, req.plan, blockOptions(req, workers, hooks))) {
    log.merge({ first: block.problems, byRule: block.byRule });
    rows = progressed(rows, block.rows, (n) => hooks.onProgress?.({ phase: 'check', rows: n, committed: 0 }));
  }
  return { log, rows };
}

function blockOptions(req: DbImportRequest, workers: RowWorkers | null, hooks: Hooks, stepRows = Infinity) {
  return { workers, stepRows, blockBytes: req.blockBytes ?? BLOCK_BYTES, signal: hooks.signal };
}

/** rows + n, telling `onProgress` when that passes a multiple of PROGRESS_EVERY. */
function progressed(rows: number, n: number, onProgress: (rows: number) => void): number {
  const next = rows + n;
  if (Math.floor(next / PROGRESS_EVERY) > Math.floor(rows / PROGRESS_EVERY)) onProgress(next);
  return next;
}

/**
 * Migrates a table or query into the catalog, streamed: every STAGE_ROWS rows the complete partitions
 * are staged (StagedBars); every chunkRows rows they are committed per series through the catalog's
 * staged write (its modes, history, crash safety), then the watermark moves to the last key read.
 * A killed run resumes after the watermark; a re-run reads only rows past it.
 */
export async function runDbImport(req: DbImportRequest, hooks: Hooks = {}): Promise<DbImportResult> {
  const { plan } = req;
  const conn = await connectDb(plan.target, req.password);
  const workers = rowWorkers(req.rowWorkers ?? ROW_WORKERS);
  try {
    const nullTimes = Number((await collectText(conn, nullTimeQuery(plan))).trim() || 0);
    const catalog = await openCatalog(req.catalogDir, req.open);
    const mark = await readDbWatermark(catalog.dir, plan.sourceHash);
    const after = mark?.key ?? null;
    const written = noWrites();
    const stages: DbImportStages = { readMs: 0, rulesMs: 0, stageMs: 0, commitMs: 0, watermarkMs: 0 };
    const series = new Set<string>();
    try {
      if (req.onError === 'reject') {
        const checked = await checkRows(conn, req, after, workers, hooks);
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
      const staged = new StagedBars(catalog);
      const stepRows = Math.min(req.stageRows ?? STAGE_ROWS, req.chunkRows);
      let rows = 0;
      let inStep = 0;
      let commits = 0;
      let committed = 0;
      // What the staged bars cover: source rows up to stagedUpto, whose last key is stagedKey.
      let stagedUpto = 0;
      let stagedKey: string[] = [];
      let lastKey: string[] = [];
      const source = `import-db:${plan.sourceHash}`;
      // Bars first, then the watermark: it never runs ahead of the catalog.
      const commit = async () => {
        const t0 = performance.now();
        addWrites(written, await staged.commit(req.mode, { source, signal: hooks.signal }));
        commits++;
        // Test hook: the bars are in, the watermark not yet (a kill here re-reads this commit's rows).
        crashPoint(`db-import-written-${commits}`);
        const t1 = performance.now();
        stages.commitMs += t1 - t0;
        await writeDbWatermark(catalog.dir, plan.sourceHash, {
          source: plan.sourceLabel,
          key: stagedKey,
          rows: (mark?.rows ?? 0) + stagedUpto,
          updatedAt: new Date().toISOString(),
        });
        stages.watermarkMs += performance.now() - t1;
        committed = stagedUpto;
        hooks.onProgress?.({ phase: 'import', rows, committed });
      };
      const step = async () => {
        const t0 = performance.now();
        const batches = chunk.take();
        inStep = 0;
        // Times reaching back before a staged partition: what is staged is committed first.
        if (!(await staged.stage(batches))) {
          await commit();
          await staged.stage(batches);
        }
        stagedUpto = rows;
        stagedKey = lastKey;
        stages.stageMs += performance.now() - t0;
        if (stagedUpto - committed >= req.chunkRows || staged.tailRows > MAX_OPEN_ROWS) await commit();
        return performance.now() - t0;
      };
      try {
        let t = performance.now();
        const stream = conn.tsv(rowsQuery(plan, after), hooks.signal);
        for await (const block of parsedBlocks(
          stream,
          reader,
          plan,
          blockOptions(req, workers, hooks, stepRows),
        )) {
          const got = performance.now();
          stages.readMs += got - t;
          log.merge({ first: block.problems, byRule: block.byRule });
          for (const s of block.series) {
            chunk.addBatch(s.id, s.key, s.batch);
            series.add(s.id);
          }
          if (block.lastKey) lastKey = block.lastKey;
          rows = progressed(rows, block.rows, (n) =>
            hooks.onProgress?.({ phase: 'import', rows: n, committed }),
          );
          inStep += block.rows;
          // Blocks end at step boundaries (LineBlocks): a step falls after the same rows as ever.
          const busy = inStep >= stepRows ? await step() : 0;
          t = performance.now();
          stages.rulesMs += t - got - busy;
        }
        if (inStep > 0) await step();
        if (stagedUpto > committed) await commit();
      } finally {
        // A failed read (or a cancel) leaves the catalog as of the last commit; staged files go.
        await staged.close();
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
    await workers?.close();
    await conn.close();
  }
}

async function collectText(conn: DbConnection, sql: string): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of conn.tsv(sql)) parts.push(c);
  return Buffer.concat(parts).toString('utf8');
}
