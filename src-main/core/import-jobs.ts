import path from 'node:path';
import type { ImportFilePreview, ImportFileRequest } from '../../src-shared/contract';
import type { ConflictMode } from '../../src-shared/domain/bar';
import type {
  ErrorPolicy,
  ImportPreview,
  ImportProgress,
  ImportSummary,
} from '../../src-shared/domain/import';
import { type SeriesKey, SeriesKeySchema, seriesId } from '../../src-shared/domain/series';
import { nextBarStart } from '../../src-shared/domain/timeframe';
import type { Catalog } from '../catalog/index';
import { toWireError } from '../errors';
import type { CoreContext } from './context';
import { loadImportEngine } from './engines';

/** The series a preview will write to, when venue, symbol and timeframe are all known and valid. */
function keyOf(p: ImportPreview): SeriesKey | null {
  const { venue, symbol, timeframe } = p.series;
  if (!venue || !symbol || !timeframe) return null;
  const parsed = SeriesKeySchema.safeParse({ venue, symbol, timeframe });
  return parsed.success ? parsed.data : null;
}

function missingPart(p: ImportPreview): string | null {
  if (!p.ok) return p.reason ?? 'this file cannot be read as bars';
  const missing = (['venue', 'symbol', 'timeframe'] as const).filter((k) => !p.series[k]);
  if (missing.length)
    return `set the ${missing.join(' and ')}: they could not be told from the file name or the data`;
  if (!keyOf(p))
    return `"${p.series.venue}:${p.series.symbol}" is not a valid series name; change venue or symbol`;
  return null;
}

async function existingIn(catalog: Catalog, key: SeriesKey, p: ImportPreview): Promise<number> {
  const first = p.rows[0]?.ts;
  const last = p.rows.at(-1)?.ts;
  if (first === undefined || last === undefined) return 0;
  try {
    return await catalog.countExisting(key, { from: first, to: nextBarStart(last, key.timeframe) });
  } catch {
    return 0;
  }
}

export async function previewImportFiles(
  ctx: CoreContext,
  files: ImportFileRequest[],
): Promise<ImportFilePreview[]> {
  const engine = await loadImportEngine();
  engine.warmWorkers();
  const out: ImportFilePreview[] = [];
  for (const f of files) {
    const name = path.basename(f.path);
    try {
      const preview = await engine.previewImport(f.path, {
        tz: ctx.settings.defaultTimezone,
        ...f.overrides,
      });
      const key = keyOf(preview);
      const problem = missingPart(preview);
      out.push({
        path: f.path,
        name,
        ok: problem === null,
        error: problem,
        preview,
        seriesId: key ? seriesId(key) : null,
        existingBars: key ? await existingIn(ctx.catalogs.get(), key, preview) : 0,
      });
    } catch (err) {
      out.push({
        path: f.path,
        name,
        ok: false,
        error: toWireError(err).message,
        preview: null,
        seriesId: null,
        existingBars: 0,
      });
    }
  }
  return out;
}

function problemLines(summary: ImportSummary): string[] {
  const lines: string[] = [];
  for (const f of summary.files) {
    const name = path.basename(f.file);
    if (f.message) lines.push(`${name}: ${f.message}`);
    for (const p of f.problems) lines.push(`${name}${p.line !== null ? `:${p.line}` : ''}: ${p.message}`);
  }
  return lines;
}

/** Files with the same overrides share one import session (the engine reads two at a time). */
function groupByOverrides(files: ImportFileRequest[]) {
  const groups = new Map<string, { overrides: ImportFileRequest['overrides']; paths: string[] }>();
  for (const f of files) {
    const key = JSON.stringify(f.overrides ?? {});
    const g = groups.get(key) ?? { overrides: f.overrides, paths: [] };
    g.paths.push(f.path);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** Runs the files one import session after another (each may carry its own overrides) as one job. */
export function startImportJob(
  ctx: CoreContext,
  files: ImportFileRequest[],
  mode: ConflictMode,
  onError: ErrorPolicy = 'reject',
): string {
  const title =
    files.length === 1 ? `Import ${path.basename(files[0]!.path)}` : `Import ${files.length} files`;
  const job = ctx.jobs.start('import', title, 'rows');
  const run = async () => {
    const engine = await loadImportEngine();
    let rowsBefore = 0;
    let written = 0;
    let invalid = 0;
    let failedFiles = 0;
    const problems: string[] = [];
    const ids = new Set<string>();
    let lastFile = -1;
    for (const group of groupByOverrides(files)) {
      lastFile = -1;
      if (job.signal.aborted) break;
      const summary = await engine.runImport(
        ctx.catalogs.get(),
        {
          paths: group.paths,
          overrides: { tz: ctx.settings.defaultTimezone, ...group.overrides },
          mode,
          onError,
        },
        {
          signal: job.signal,
          onProgress: (p: ImportProgress) => {
            if (p.files > 1 && p.fileIndex !== lastFile) {
              lastFile = p.fileIndex;
              job.update({ message: `file ${p.fileIndex + 1} of ${p.files}: ${path.basename(p.file)}` });
            }
            // Rows are only known once read; estimate the total from the bytes read so far.
            const total = p.bytes > 0 ? Math.round((p.rows * p.totalBytes) / p.bytes) : null;
            job.progress(rowsBefore + p.rows, total === null ? null : rowsBefore + total);
          },
        },
      );
      rowsBefore += summary.rowsRead;
      written += summary.rowsWritten;
      invalid += summary.rowsInvalid;
      for (const r of summary.files) {
        if (r.series) ids.add(r.series);
        if (r.status === 'rejected' || r.status === 'failed') failedFiles++;
      }
      problems.push(...problemLines(summary));
      job.update({ problems: problems.slice(0, 5000), seriesIds: [...ids] });
      if (ids.size) ctx.bus.emit('seriesChanged', { ids: [...ids] });
    }
    job.progress(rowsBefore, rowsBefore);
    const message =
      `${written.toLocaleString('en-US')} bars written from ${files.length} file${files.length === 1 ? '' : 's'}` +
      (invalid ? `, ${invalid.toLocaleString('en-US')} invalid rows` : '') +
      (failedFiles ? `, ${failedFiles} file${failedFiles === 1 ? '' : 's'} not imported (see problems)` : '');
    job.finish(job.signal.aborted ? 'cancelled' : failedFiles === files.length ? 'failed' : 'done', message);
  };
  run().catch((err: unknown) => {
    const e = toWireError(err);
    job.finish(e.code === 'CANCELLED' ? 'cancelled' : 'failed', e.message);
  });
  return job.id;
}
