// A Dukascopy tick backfill as one call, in a worker thread of its own: the app's job kind and
// `barcat backfill DUKASCOPY:...` both run it this way, so what each starts is the same run.
import { parseTickBarTimeframe, type TickBackfillStart } from '../../../../src-shared/domain/ticks';
import { BarcatError } from '../../../plumbing/errors';
import { builtWorkerFile } from '../../../plumbing/workers/locate';
import { WorkerPool } from '../../../plumbing/workers/pool';
import { openCatalog } from '../../catalog/index';
import { dukascopySource } from '../../providers/dukascopy/index';
import { shiftedClock, systemClock } from '../requests/clock';
import { DEFAULT_RETRY, type RetryPolicy } from '../requests/retry';
import { backfillDukascopyTicks, type TickBackfillSummary } from './dukascopy-backfill';

/** What the worker is asked: the request, where to write, and the host's knobs (all cloneable). */
export interface TickBackfillCall {
  req: TickBackfillStart;
  catalogDir: string;
  open: { create?: boolean; missingHint?: string };
  /** A fixed request rate instead of Dukascopy's default budget. */
  requestsPerSecond?: number;
  /** Tests stand at a chosen "now" (ms); waits stay real. */
  nowAt?: number;
  policy?: Partial<RetryPolicy>;
}

export interface TickBackfillProgress {
  done: number;
  total: number;
}

/**
 * The checks a start makes before any job exists, so a mistake is said at once: the instrument is
 * known, the base URL speaks one of Dukascopy's shapes, the timeframe parses. Returns the series ids.
 */
export function checkTickBackfill(req: TickBackfillStart): { ticks: string; bars: string | null } {
  const src = dukascopySource(req.symbol, req.baseUrl);
  let bars: string | null = null;
  if (req.bars) {
    const tf = parseTickBarTimeframe(req.bars.timeframe);
    if ('error' in tf)
      throw new BarcatError('BAD_INPUT', `timeframe "${req.bars.timeframe}": ${tf.error}`, {
        reason: 'BAD_TIMEFRAME',
        timeframe: req.bars.timeframe,
      });
    bars = `DUKASCOPY:${src.symbol}:${tf.timeframe}`;
  }
  return { ticks: `DUKASCOPY:${src.symbol}:quotes`, bars };
}

/** Runs the backfill in this thread (the worker's body). */
export async function runTickBackfillCall(
  call: TickBackfillCall,
  signal: AbortSignal,
  onProgress: (p: TickBackfillProgress) => void,
): Promise<TickBackfillSummary> {
  checkTickBackfill(call.req);
  const { req } = call;
  const tf = req.bars ? parseTickBarTimeframe(req.bars.timeframe) : undefined;
  const bars =
    tf && 'timeframe' in tf && req.bars ? { timeframe: tf.timeframe, price: req.bars.price } : undefined;
  const catalog = await openCatalog(call.catalogDir, call.open);
  try {
    return await backfillDukascopyTicks({
      catalog,
      symbol: req.symbol,
      from: req.from,
      to: req.to,
      baseUrl: req.baseUrl,
      fetch,
      clock: call.nowAt === undefined ? systemClock : shiftedClock(call.nowAt),
      random: Math.random,
      policy: { ...DEFAULT_RETRY, ...call.policy },
      requestsPerSecond: call.requestsPerSecond,
      signal,
      bars,
      onProgress: (done, total) => onProgress({ done, total }),
    });
  } finally {
    await catalog.close();
  }
}

/**
 * Runs the backfill in a worker thread of its own (in this thread when workers are not built, as a
 * library caller from source), cancelled by `signal`: a cancel ends with an AbortError, and what was
 * written stays; a second run asks only the hours neither stored nor checked empty.
 */
export async function callTickBackfill(
  call: TickBackfillCall,
  opts: { signal: AbortSignal; onProgress?: (p: TickBackfillProgress) => void },
): Promise<TickBackfillSummary> {
  const file = builtWorkerFile('tick-backfill');
  if (!file) return runTickBackfillCall(call, opts.signal, (p) => opts.onProgress?.(p));
  const pool = new WorkerPool<TickBackfillCall, TickBackfillSummary, TickBackfillProgress>(file, 1);
  try {
    return await pool.call(call, opts);
  } finally {
    await pool.close();
  }
}
