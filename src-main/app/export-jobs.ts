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

/** The line the jobs panel shows when an export ends: where the files went and what was left out. */
export function exportMessage(folder: string, files: ExportedFile[]): string {
  const bars = files.reduce((s, f) => s + f.bars, 0);
  return `${files.length} file${files.length === 1 ? '' : 's'} (${bars.toLocaleString('en-US')} bars) written to ${folder}`;
}

function fileLines(files: ExportedFile[]): string[] {
  return files.map(
    (f) =>
      `${f.series}: ${f.bars} bars -> ${f.file}${f.droppedColumns.length ? `; columns ${f.droppedColumns.join(', ')} left out` : ''}${f.droppedIncomplete ? `; ${f.droppedIncomplete} incomplete bars dropped` : ''}${f.outsideBuckets ? `; ${f.outsideBuckets} bars outside every bucket left out` : ''}`,
  );
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
      job.update({ problems: fileLines(files) });
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
