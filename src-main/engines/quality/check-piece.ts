import type { Interval } from '../../../src-shared/domain/range';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { requireCalendar } from '../calendars/index';
import { arrowToBatch, type Catalog } from '../catalog/index';
import { runChecks } from './checks/run-checks';
import type { Finding, QualitySettings } from './types';

/**
 * One piece of a refresh: the bars of a run of partitions and their neighbours (plain data, so a
 * quality worker can be sent it). `segments` are the partitions' start times.
 */
export interface PieceRequest {
  dir: string;
  key: SeriesKey;
  calendar: string;
  settings: QualitySettings;
  range: Interval;
  segments: number[];
}

/** Every check over one piece's bars, read from the catalog (on whichever thread runs it). */
export async function checkPiece(catalog: Catalog, req: PieceRequest): Promise<Finding[]> {
  // Whole partitions: the checks need ts and OHLCV, nearly every column, and a read of chosen columns
  // goes through parquet-wasm's file reader, which measured ~2x slower than decoding the whole file.
  const table = await catalog.query(req.key, req.range);
  return runChecks(arrowToBatch(table), {
    timeframe: req.key.timeframe,
    calendar: requireCalendar(req.calendar, catalog.dir),
    settings: req.settings,
    segments: req.segments,
  });
}
