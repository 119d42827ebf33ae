import type { Interval } from '../../../src-shared/domain/range';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { requireCalendar } from '../calendars/index';
import { arrowToBatch, type Catalog, readBatch } from '../catalog/index';
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

/**
 * Every check over one piece's bars, read from the catalog (on whichever thread runs it). `direct`
 * (a quality worker, which keeps no read cache) decodes them straight into columns; else they go
 * through the catalog's query and its cache of decoded partitions (an incremental refresh on the
 * calling thread finds the neighbours of a written month there).
 */
export async function checkPiece(
  catalog: Catalog,
  req: PieceRequest,
  { direct = false }: { direct?: boolean } = {},
): Promise<Finding[]> {
  const bars = direct
    ? await readBatch(catalog.dir, req.key, req.range)
    : arrowToBatch(await catalog.query(req.key, req.range));
  return runChecks(bars, {
    timeframe: req.key.timeframe,
    calendar: requireCalendar(req.calendar, catalog.dir),
    settings: req.settings,
    segments: req.segments,
  });
}
