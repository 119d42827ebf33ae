import path from 'node:path';
import type { ImportFileResult, ImportOverrides } from '../../../../src-shared/domain/import';
import { seriesId } from '../../../../src-shared/domain/series';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import type { BarBatch } from '../../catalog/index';
import { registryKey } from '../files/registry';
import { ProblemLog } from '../parse/problems';
import { fileTimeframe, finalizeRows, reportNoTimeframe } from '../read/finalize';
import { noMappingPasses } from '../read/mapping-fallback';
import { type FileRead, readSample, streamLines, unreadFile } from '../read/read-file';
import { planFromSample, type ReadPlan } from '../read/read-plan';
import { RowParser } from '../read/row-parser';
import { countWrite, emptyResult, type FileImportContext, mappingFingerprint, seriesOf } from './file-import';

/** What one pass over a huge file learned; pass 2 also wrote its slices. */
interface Pass {
  read: FileRead;
  slices: number;
  outOfOrder: boolean;
  first: number | null;
  last: number | null;
}

/**
 * Reads a file in slices of `sliceRows` rows with bounded memory. Each slice gets the file rules
 * (zone, order, duplicates, grid); across slices the times must ascend. `onBatch` sees each valid
 * slice in order (pass 2 writes them).
 */
async function slicedPass(
  file: string,
  overrides: ImportOverrides,
  sliceRows: number,
  signal: AbortSignal | undefined,
  onBatch?: (b: BarBatch, index: number) => Promise<void>,
): Promise<Pass> {
  const sample = await readSample(file);
  const plan: ReadPlan = planFromSample(file, sample, overrides);
  const log = new ProblemLog(file);
  const read: FileRead = unreadFile(plan, sample, plan.timeframe.value, log);
  const pass: Pass = { read, slices: 0, outOfOrder: false, first: null, last: null };
  if (plan.refusal) return pass;
  const parser = new RowParser(plan, log, sliceRows + 16);
  let timeframe: Timeframe | null = plan.timeframe.value;
  let invalid = 0;
  const flush = async () => {
    const cols = parser.cols;
    if (!timeframe) {
      timeframe = fileTimeframe(cols);
      read.inferredTimeframe = timeframe;
      if (!timeframe) {
        reportNoTimeframe(log);
        throw new Error('no timeframe');
      }
    }
    const fin = finalizeRows(cols, timeframe, { tz: plan.tz, endStamped: plan.endStamped }, log);
    invalid += fin.invalid;
    const b = fin.batch;
    if (b.length > 0) {
      if ((b.ts[0] as number) <= (pass.last ?? Number.NEGATIVE_INFINITY)) {
        if (!pass.outOfOrder)
          log.add(
            null,
            null,
            new Date(b.ts[0] as number).toISOString(),
            'unsorted_large',
            `rows go back in time after row ${parser.rowsRead - cols.length}; a file this large is imported in slices and must be in ascending time order (sort it or split it)`,
          );
        pass.outOfOrder = true;
      } else {
        pass.first ??= b.ts[0] as number;
        pass.last = b.ts[b.length - 1] as number;
        if (onBatch && !pass.outOfOrder) await onBatch(b, pass.slices);
      }
    }
    pass.slices++;
    cols.length = 0;
  };
  try {
    const streamed = await streamLines(file, parser, sample.bytes, {
      signal,
      slice: { rows: sliceRows, flush },
    });
    read.sha256 = streamed.sha256;
  } catch (err) {
    if (!(err instanceof Error && err.message === 'no timeframe')) throw err;
  }
  read.timeframe = timeframe;
  read.rowsRead = parser.rowsRead;
  read.rowsInvalid = parser.rowsInvalid + invalid;
  read.errors = log.errors;
  return pass;
}

/**
 * Imports a file too large to hold in memory: pass 1 validates it all (nothing written), pass 2
 * parses it again and writes slice by slice, recording a checkpoint after each write so a killed
 * or cancelled import resumes at the next slice. Runs on the calling thread, one chunk at a time.
 */
export async function importSliced(
  ctx: FileImportContext,
  file: string,
  overrides: ImportOverrides,
  sliceRows: number,
): Promise<ImportFileResult> {
  const t0 = Date.now();
  const check = await slicedPass(file, overrides, sliceRows, ctx.signal);
  const read = check.read;
  const r: ImportFileResult = {
    ...emptyResult(file, read.bytes),
    rowsRead: read.rowsRead,
    rowsInvalid: read.rowsInvalid,
    problems: read.problems,
    problemCounts: read.problemCounts,
    firstBar: check.first,
    lastBar: check.last,
  };
  const done = (status: ImportFileResult['status'], message: string | null) =>
    Object.assign(r, { status, message, ms: Date.now() - t0 });
  const name = path.basename(file);
  if (read.plan.refusal) return done('failed', `${name} cannot be imported as bars: ${read.plan.refusal}`);
  const key = seriesOf(read);
  if (typeof key === 'string') return done('failed', `${name}: ${key}`);
  const id = seriesId(key);
  r.series = id;
  if (read.errors > 0 && (ctx.onError === 'reject' || check.outOfOrder)) {
    const first = read.problems.find((p) => p.severity === 'error');
    return done(
      'rejected',
      `${name} was rejected: ${read.errors} problem(s); first: ${first?.message ?? 'see problems'}. Nothing was written.${noMappingPasses(read.plan.mappingFallback)}`,
    );
  }
  if (ctx.dryRun) return done('dry-run', null);
  const fp = mappingFingerprint(read, overrides);
  const regKey = registryKey(read.sha256 ?? '', id, fp);
  const seen = ctx.registry.get(regKey);
  if (seen?.status === 'imported' && !ctx.force)
    return done(
      'unchanged',
      `${name} was already imported into ${id} on ${seen.importedAt}; nothing to do (use --force to import again)`,
    );
  const resumeFrom = seen?.status === 'partial' && !ctx.force ? (seen.slicesDone ?? 0) : 0;
  let slicesDone = resumeFrom;
  const entry = {
    key: regKey,
    sha256: read.sha256 ?? '',
    size: read.bytes,
    file,
    series: id,
    mapping: fp,
    firstBar: check.first,
    lastBar: check.last,
    sessionId: ctx.sessionId,
  };
  try {
    await slicedPass(file, overrides, sliceRows, ctx.signal, async (b, index) => {
      if (index < resumeFrom) return;
      const w = await ctx.catalog.write(key, b, ctx.mode, {
        signal: ctx.signal,
        source: `import:${ctx.sessionId}`,
        calendar: ctx.calendar,
      });
      countWrite(r, w);
      slicesDone = index + 1;
      await ctx.registry.put({
        ...entry,
        status: 'partial',
        slicesDone,
        rowsWritten: r.rowsWritten,
        importedAt: new Date().toISOString(),
      });
    });
  } catch (err) {
    if (!(err instanceof Error && err.name === 'AbortError')) throw err;
    return done(
      'cancelled',
      `${name}: cancelled after ${slicesDone} slice(s) of ${sliceRows} rows were written; run the import again to resume`,
    );
  }
  await ctx.registry.put({
    ...entry,
    status: 'imported',
    slicesDone,
    rowsWritten: r.rowsWritten,
    importedAt: new Date().toISOString(),
  });
  return done(
    'imported',
    resumeFrom > 0 ? `${name}: resumed after ${resumeFrom} slice(s) written by an earlier run` : null,
  );
}
