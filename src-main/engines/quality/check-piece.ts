import type { Interval } from '../../../src-shared/domain/range';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { requireCalendar } from '../calendars/index';
import type { BarBatch, PartitionEntry } from '../catalog/index';
import { readBatch } from '../catalog/worker-reads';
import { runChecks } from './checks/run-checks';
import type { Finding, QualitySettings } from './types';

/**
 * One piece of a refresh: the bars of a run of partitions and their neighbours (plain data, so a
 * quality worker can be sent it). `partitions` are their entries in the manifest the refresh read
 * (and validated): a worker reads them as they are, with no manifest read or schema of its own.
 */
export interface PieceRequest {
  dir: string;
  key: SeriesKey;
  calendar: string;
  settings: QualitySettings;
  range: Interval;
  partitions: PartitionEntry[];
}

/** What a quality worker answers for a piece. */
export interface PieceAnswer {
  findings: Finding[];
}

/** Every check over one piece's bars, however they were read. */
export function checkPieceBars(bars: BarBatch, req: PieceRequest): Finding[] {
  return runChecks(bars, {
    timeframe: req.key.timeframe,
    calendar: requireCalendar(req.calendar, req.dir),
    settings: req.settings,
    segments: req.partitions.map((p) => p.minTs),
  });
}

/**
 * A piece read and checked as a quality worker does it: decoded straight into columns, with no
 * read cache (check-pool.ts checks pieces on the calling thread through the catalog's cache). This
 * module imports only the catalog's read path (catalog/worker-reads.ts), so the worker that loads
 * it starts quickly.
 */
export async function checkPiece(req: PieceRequest): Promise<Finding[]> {
  return checkPieceBars(await readBatch(req.dir, req.key, req.partitions, req.range), req);
}
