import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { StartExport } from '../../src-shared/domain/export';
import { parseSeriesId } from '../../src-shared/domain/series';
import type { ExportedFile, ExportRequest } from '../engines/export/index';
import { refuseInsideCatalog } from '../engines/export/index';
import { BarcatError, toWireError } from '../plumbing/errors';
import { workerFile } from '../plumbing/workers/locate';
import { WorkerPool } from '../plumbing/workers/pool';
import type { CoreContext } from './context';

/** The line the jobs panel shows when an export ends: where the files went. */
export function exportMessage(folder: string, files: ExportedFile[]): string {
  const bars = files.reduce((s, f) => s + f.bars, 0);
  const names = files.length <= 5 ? `: ${files.map((f) => path.basename(f.file)).join(', ')}` : '';
  return `${files.length} file${files.length === 1 ? '' : 's'} (${bars.toLocaleString('en-US')} bars) written to ${folder}${names}`;
}

/** What a file left out (columns its format cannot hold, bars resampling dropped): never silent. */
function leftOutLines(files: ExportedFile[]): string[] {
  return files.flatMap((f) => {
    const notes = [
      f.droppedColumns.length ? `columns ${f.droppedColumns.join(', ')} left out` : '',
      f.droppedIncomplete ? `${f.droppedIncomplete} incomplete bars dropped` : '',
      f.outsideBuckets ? `${f.outsideBuckets} source bars outside every bucket left out` : '',
    ].filter(Boolean);
    return notes.length ? [`${path.basename(f.file)}: ${notes.join('; ')}`] : [];
  });
}

/**
 * The Export dialog's job: the same engine as `barcat export SERIES... --out DIR` in a worker thread,
 * one file per series in the folder the user named (made when missing; never inside the catalog,
 * never replacing a file). Everything is checked before the job starts writing.
 */
export async function startExportJob(ctx: CoreContext, input: StartExport): Promise<string> {
  const catalog = ctx.catalogs.get();
  const folder = input.folder.trim();
  if (!path.isAbsolute(folder))
    throw new BarcatError(
      'BAD_INPUT',
      `"${folder}" is not a full folder path; name the folder from the root (e.g. /home/me/exports)`,
      {
        reason: 'folder_not_absolute',
      },
    );
  await refuseInsideCatalog(folder, catalog.dir);
  const series = input.series.map((id) => {
    try {
      return parseSeriesId(id);
    } catch (err) {
      throw new BarcatError('BAD_INPUT', (err as Error).message);
    }
  });
  // A timeframe equal to every series' own asks for no resampling.
  const resample =
    input.timeframe && series.some((k) => k.timeframe !== input.timeframe)
      ? { timeframe: input.timeframe, align: 'utc' as const, fill: false, completeOnly: false }
      : undefined;
  const request: ExportRequest = {
    series,
    range: input.range,
    resample,
    format: input.format,
    tz: input.tz,
    out: folder,
  };
  await fs.mkdir(folder, { recursive: true });
  const job = ctx.jobs.start(
    'export',
    `Export ${series.length} series as ${input.format}`,
    'files',
    input.series,
  );
  const run = async () => {
    const pool = new WorkerPool<
      { dir: string; request: ExportRequest },
      ExportedFile[],
      { done: number; total: number }
    >(workerFile('export'), 1);
    try {
      const files = await pool.call(
        { dir: catalog.dir, request },
        { signal: job.signal, onProgress: (p) => job.progress(p.done, p.total) },
      );
      job.update({ problems: leftOutLines(files) });
      job.finish('done', exportMessage(folder, files));
    } finally {
      await pool.close();
    }
  };
  run().catch((err: unknown) => {
    const e = toWireError(err);
    job.finish(e.code === 'CANCELLED' ? 'cancelled' : 'failed', e.message);
  });
  return job.id;
}
