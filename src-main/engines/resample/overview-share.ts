import { availableParallelism } from 'node:os';
import type { SeriesKey } from '../../../src-shared/domain/series';
import type { Timeframe } from '../../../src-shared/domain/timeframe';
import { bundledIdlePool } from '../../plumbing/workers/idle-pool';
import { requireCalendar } from '../calendars/index';
import { arrowToBatch, type BarBatch, type Catalog } from '../catalog/index';
import { resampleBatch } from './resample';

/** One partition of a series to resample to the overview levels: its bars are [from, to). */
export interface ShareRequest {
  dir: string;
  key: SeriesKey;
  from: number;
  to: number;
  levels: Timeframe[];
  calendar: string;
}

/**
 * One partition's share of the overview, one batch per level: only that partition's bars are read
 * (a series is never held whole), resampled as the chart resamples (UTC, partial buckets kept).
 */
export async function overviewShare(catalog: Catalog, req: ShareRequest): Promise<BarBatch[]> {
  const calendar = requireCalendar(req.calendar, req.dir);
  const own = arrowToBatch(await catalog.query(req.key, { from: req.from, to: req.to }));
  return req.levels.map(
    (l) =>
      resampleBatch(own, req.key.timeframe, l, { align: 'utc', fill: false, completeOnly: false, calendar })
        .bars,
  );
}

const THREADS = Math.max(1, Math.min(2, availableParallelism()));
// Idle workers never keep a process alive; the pool closes after this long idle.
const IDLE_CLOSE_MS = 30_000;
const pool = bundledIdlePool<ShareRequest, BarBatch[]>('overview', THREADS, IDLE_CLOSE_MS, {
  unrefIdle: true,
});

/** Partitions resampled in overview workers since start (tests check the path taken). */
export const sharesInWorkers = { partitions: 0 };

/**
 * The shares of the partitions asked, in order, each read and resampled in an overview worker (the
 * calling thread, often the app's main one, only waits); in this thread when the workers are not built.
 */
export function overviewShares(catalog: Catalog, reqs: readonly ShareRequest[]): Promise<BarBatch[][]> {
  const inThread = async () => {
    const out: BarBatch[][] = [];
    for (const r of reqs) out.push(await overviewShare(catalog, r));
    return out;
  };
  if (reqs.length === 0) return Promise.resolve([]);
  return pool.use(async (p) => {
    const out: BarBatch[][] = new Array(reqs.length);
    let next = 0;
    // One partition per thread at a time: a worker never holds more than the one it resamples.
    const runner = async () => {
      for (let i = next++; i < reqs.length; i = next++) {
        out[i] = await p.call(reqs[i]!);
        sharesInWorkers.partitions++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(THREADS, reqs.length) }, runner));
    return out;
  }, inThread);
}
