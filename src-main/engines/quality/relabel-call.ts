// A timeframe relabel as one call, in a worker thread of its own: the app's relabel job runs it so,
// and the worker opens the catalog as any writer does (the writer lock, recovery after a crash).
import type { SeriesKey } from '../../../src-shared/domain/series';
import { openCatalog } from '../catalog/index';
import { type RenameReport, renameSeriesWithResults } from './rename';

export interface RelabelCall {
  dir: string;
  from: SeriesKey;
  timeframe: string;
  /** The job running it: its own entry in the catalog's jobs is no other writer of the series. */
  jobId: string;
  source: string;
}

export interface RelabelProgress {
  done: number;
  total: number;
}

/** Runs the relabel in this thread (the worker's body). */
export async function runRelabelCall(
  call: RelabelCall,
  signal: AbortSignal,
  onProgress: (p: RelabelProgress) => void,
): Promise<RenameReport> {
  // A one-off reader of each partition: no cache of decoded partitions, no decode workers of its own.
  const catalog = await openCatalog(call.dir, {
    create: false,
    readCacheMb: 0,
    workerDecodeMinRows: Number.POSITIVE_INFINITY,
  });
  try {
    return await renameSeriesWithResults(
      catalog,
      call.from,
      { timeframe: call.timeframe },
      { source: call.source, jobId: call.jobId },
      { signal, onProgress: (done, total) => onProgress({ done, total }) },
    );
  } finally {
    await catalog.close();
  }
}
