import { promises as fs } from 'node:fs';
import path from 'node:path';
import type {
  StartExport,
  StartWindowsExport,
  VerifyExport,
  VerifyExportResult,
} from '../../../src-shared/domain/job-kinds/export';
import type { ExportedFile, ExportRequest } from '../../engines/export/index';
import { refuseInsideCatalog } from '../../engines/export/index';
import type { VerifyResult, WindowsRequest, WindowsResult } from '../../engines/export/lake/index';
import { BarcatError, toWireError } from '../../plumbing/errors';
import { workerFile } from '../../plumbing/workers/locate';
import { WorkerPool } from '../../plumbing/workers/pool';
import type { CoreContext } from '../core/context';
import type { JobHandle } from '../core/jobs';
import { keyOf } from '../core/series-key';
import { refuseOutsideExports, refuseUnlessUploaded } from '../core/upload-paths';

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
  refuseOutsideExports(ctx.uploadDir, ctx.exportDir, folder);
  await refuseInsideCatalog(folder, catalog.dir);
  const series = input.series.map(keyOf);
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
  runInWorker(job, { kind: 'series', dir: catalog.dir, request }, (result) => {
    const files = result as ExportedFile[];
    job.update({ problems: leftOutLines(files) });
    job.finish('done', exportMessage(folder, files));
  });
  return job.id;
}

type WorkerRequest =
  | { kind: 'series'; dir: string; request: ExportRequest }
  | { kind: 'windows'; dir: string; request: WindowsRequest }
  | { kind: 'verify'; folder: string };

const exportPool = () =>
  new WorkerPool<
    WorkerRequest,
    ExportedFile[] | WindowsResult | VerifyResult,
    { done: number; total: number }
  >(workerFile('export'), 1);

/** Runs one export in the export worker (hosts/workers/export.worker.ts) with the job's progress and cancel. */
function runInWorker(
  job: JobHandle,
  req: WorkerRequest,
  done: (result: ExportedFile[] | WindowsResult) => void,
): void {
  const run = async () => {
    const pool = exportPool();
    try {
      done(
        (await pool.call(req, {
          signal: job.signal,
          onProgress: (p) => job.progress(p.done, p.total),
        })) as ExportedFile[] | WindowsResult,
      );
    } finally {
      await pool.close();
    }
  };
  run().catch((err: unknown) => {
    const e = toWireError(err);
    job.finish(e.code === 'CANCELLED' ? 'cancelled' : 'failed', e.message);
  });
}

/**
 * `barcat export windows` as an app job: the lake is built in a staging folder and renamed into
 * place by the engine, so a cancelled or failed job leaves no folder behind.
 */
export async function startWindowsExportJob(ctx: CoreContext, input: StartWindowsExport): Promise<string> {
  const catalog = ctx.catalogs.get();
  const folder = input.folder.trim();
  for (const p of [input.events, input.seriesMap, folder])
    if (p !== undefined && !path.isAbsolute(p))
      throw new BarcatError('BAD_INPUT', `"${p}" is not a full path; name it from the root`, {
        reason: 'folder_not_absolute',
      });
  refuseUnlessUploaded(ctx.uploadDir, [input.events, ...(input.seriesMap ? [input.seriesMap] : [])]);
  refuseOutsideExports(ctx.uploadDir, ctx.exportDir, folder);
  const request: WindowsRequest = {
    events: input.events,
    pre: input.pre,
    post: input.post,
    timeframe: input.timeframe,
    seriesMap: input.seriesMap,
    out: folder,
  };
  const job = ctx.jobs.start('export', `Export event windows (${input.pre}+${input.post} bars)`, 'events');
  runInWorker(job, { kind: 'windows', dir: catalog.dir, request }, (result) => {
    const r = result as WindowsResult;
    const t = r.totals;
    job.finish(
      'done',
      `${t.events.toLocaleString('en-US')} events, ${t.rows.toLocaleString('en-US')} bars in ${r.files} files written to ${r.out} (${t.missingBars} missing, ${t.checkedEmptyBars} checked empty; seal ${r.seal})`,
    );
  });
  return job.id;
}

/** `barcat export verify` from the app, in the export worker: it hashes every file of the lake. */
export async function verifyExportFolder(ctx: CoreContext, input: VerifyExport): Promise<VerifyExportResult> {
  const folder = input.folder.trim();
  if (!path.isAbsolute(folder))
    throw new BarcatError('BAD_INPUT', `"${folder}" is not a full path; name it from the root`, {
      reason: 'folder_not_absolute',
    });
  // A page of the web host reads only inside its exports folder, as it writes only there.
  refuseOutsideExports(ctx.uploadDir, ctx.exportDir, folder);
  const pool = exportPool();
  try {
    return (await pool.call({ kind: 'verify', folder })) as VerifyResult;
  } finally {
    await pool.close();
  }
}
