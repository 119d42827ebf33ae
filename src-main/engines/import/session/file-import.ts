import path from 'node:path';
import type { ConflictMode } from '../../../../src-shared/domain/bar';
import type { ErrorPolicy, ImportFileResult, ImportOverrides } from '../../../../src-shared/domain/import';
import { checkSeriesKey, type SeriesKey, seriesId } from '../../../../src-shared/domain/series';
import { type Catalog, emptyBatch, type WriteResult } from '../../catalog/index';
import { hashFile, type ImportRegistry, registryKey, unchangedMessage } from '../files/registry';
import { noMappingPasses } from '../read/mapping-fallback';
import type { FileRead } from '../read/read-file';
import { reportOutOfSession } from './session-check';

export interface FileImportContext {
  catalog: Catalog;
  registry: ImportRegistry;
  sessionId: string;
  mode: ConflictMode;
  onError: ErrorPolicy;
  dryRun: boolean;
  force: boolean;
  signal?: AbortSignal;
  /** The trading calendar the plan gives the series, committed with its write. */
  calendar?: string;
}

export function emptyResult(file: string, bytes: number): ImportFileResult {
  return {
    file,
    series: null,
    status: 'failed',
    rowsRead: 0,
    rowsWritten: 0,
    rowsAdded: 0,
    rowsReplaced: 0,
    rowsRemoved: 0,
    rowsSkipped: 0,
    rowsInvalid: 0,
    firstBar: null,
    lastBar: null,
    bytes,
    ms: 0,
    problems: [],
    problemCounts: {},
    message: null,
  };
}

/** Adds one catalog write's counts to a file's result: nothing it changed goes unreported. */
export function countWrite(r: ImportFileResult, w: WriteResult): void {
  r.rowsAdded += w.added;
  r.rowsReplaced += w.replaced;
  r.rowsRemoved += w.removed;
  r.rowsWritten += w.added + w.replaced;
  r.rowsSkipped += w.skipped;
}

/** The series a file goes to, or a sentence saying what is missing. */
export function seriesOf(read: Pick<FileRead, 'plan' | 'timeframe'>): SeriesKey | string {
  const { plan } = read;
  const symbol = plan.symbol.value;
  const timeframe = read.timeframe;
  if (!symbol) return 'the symbol is unknown (not in the file name); pass --symbol or --series';
  if (!timeframe) return 'the timeframe is unknown; pass --timeframe';
  const checked = checkSeriesKey({ venue: plan.venue.value ?? 'CSV', symbol, timeframe });
  if ('problems' in checked) return checked.problems.map((p) => p.message).join('; ');
  return checked.key;
}

/** The conventions that decide what bars a file yields; part of the idempotency key. */
export function mappingFingerprint(
  read: Pick<FileRead, 'plan' | 'timeframe'>,
  overrides: ImportOverrides,
): Record<string, unknown> {
  const p = read.plan;
  return {
    delimiter: p.delimiter,
    hasHeader: p.hasHeader,
    mapping: p.mapping,
    dateOrder: p.dateOrder,
    decimalComma: p.decimalComma,
    tz: p.tz,
    endStamped: p.endStamped,
    timeframe: read.timeframe,
    preset: overrides.preset ?? null,
  };
}

/** The valid bars of a file read through: in memory (plain read) or staged (streaming import). */
export interface ReadyBars {
  length: number;
  first: number | null;
  last: number | null;
  duplicatesCollapsed: number;
  /** Adds the out-of-session notes of these bars to the result. */
  noteOutOfSession(ctx: FileImportContext, key: SeriesKey, r: ImportFileResult): Promise<void>;
  /** One catalog write (one commit) of all of them. */
  write(ctx: FileImportContext, key: SeriesKey): Promise<WriteResult>;
}

/** The bars of a plain read, held as one batch. */
export function batchBars(read: FileRead): ReadyBars {
  const batch = read.result?.batch;
  const n = batch?.length ?? 0;
  return {
    length: n,
    first: batch && n > 0 ? (batch.ts[0] as number) : null,
    last: batch && n > 0 ? (batch.ts[n - 1] as number) : null,
    duplicatesCollapsed: read.result?.duplicatesCollapsed ?? 0,
    noteOutOfSession: async (ctx, key, r) => {
      if (batch) await reportOutOfSession(ctx.catalog, key, batch, r, ctx.calendar);
    },
    write: (ctx, key) =>
      ctx.catalog.write(key, batch ?? emptyBatch(), ctx.mode, {
        signal: ctx.signal,
        source: `import:${ctx.sessionId}`,
        calendar: ctx.calendar,
      }),
  };
}

/**
 * Decides and writes one file that was read through: refused, rejected (reject policy and errors),
 * unchanged (registry hit), dry-run, or written with one catalog write.
 */
export async function importRead(
  ctx: FileImportContext,
  read: FileRead,
  overrides: ImportOverrides,
  startedAt: number,
  bars: ReadyBars = batchBars(read),
): Promise<ImportFileResult> {
  const file = read.plan.file;
  const r = emptyResult(file, read.bytes);
  r.rowsRead = read.rowsRead;
  r.rowsInvalid = read.rowsInvalid;
  r.problems = read.problems;
  r.problemCounts = read.problemCounts;
  const done = (status: ImportFileResult['status'], message: string | null) => {
    r.status = status;
    r.message = message;
    r.ms = Date.now() - startedAt;
    return r;
  };
  if (read.plan.refusal)
    return done('failed', `${path.basename(file)} cannot be imported as bars: ${read.plan.refusal}`);
  const key = seriesOf(read);
  if (typeof key === 'string') return done('failed', `${path.basename(file)}: ${key}`);
  const id = seriesId(key);
  r.series = id;
  r.firstBar = bars.first;
  r.lastBar = bars.last;
  r.rowsSkipped = bars.duplicatesCollapsed;
  if (read.errors > 0 && ctx.onError === 'reject') {
    const first = read.problems.find((p) => p.severity === 'error');
    return done(
      'rejected',
      `${path.basename(file)} was rejected: ${read.errors} problem(s) in ${read.rowsInvalid} row(s); first: ${first?.message ?? 'see problems'}. Nothing was written.${noMappingPasses(read.plan.mappingFallback)}`,
    );
  }
  if (bars.length === 0)
    return done('failed', `${path.basename(file)} holds no valid bars; nothing was written`);
  await bars.noteOutOfSession(ctx, key, r);
  if (ctx.dryRun) return done('dry-run', null);
  const sha = read.sha256 ?? (await hashFile(file, ctx.signal));
  const fp = mappingFingerprint(read, overrides);
  const regKey = registryKey(sha, id, fp);
  const seen = ctx.registry.get(regKey);
  if (seen && !ctx.force && seen.status === 'imported') {
    r.rowsSkipped = bars.length;
    return done('unchanged', unchangedMessage(file, id, seen.importedAt));
  }
  const w = await bars.write(ctx, key);
  countWrite(r, w);
  r.rowsSkipped += Math.max(0, bars.length - w.added - w.replaced - w.skipped);
  done('imported', null);
  await ctx.registry.put({
    key: regKey,
    sha256: sha,
    size: read.bytes,
    file,
    series: id,
    mapping: fp,
    status: 'imported',
    rowsWritten: r.rowsWritten,
    firstBar: r.firstBar,
    lastBar: r.lastBar,
    importedAt: new Date().toISOString(),
    sessionId: ctx.sessionId,
  });
  return r;
}
