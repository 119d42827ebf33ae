import type { BarBatch } from '../catalog/index';
import { decodeRoundTrip } from '../catalog/worker-reads';
import { checkPieceBars } from './check-piece';
import type { Finding, QualitySettings } from './types';

const MINUTE = 60_000;
/** A month of 1m bars: two row groups of a partition file, long enough for V8 to optimise the hot loops. */
const BARS = 30 * 1440;
const START = Date.UTC(2024, 0, 1);

/**
 * A random walk (deterministic) with one of each defect the checks look for, so their rarer paths
 * run once too (a path first taken in a user's refresh costs a deoptimisation there).
 */
function warmUpSeries(): BarBatch {
  const b = {
    length: BARS,
    ts: new Float64Array(BARS),
    open: new Float64Array(BARS),
    high: new Float64Array(BARS),
    low: new Float64Array(BARS),
    close: new Float64Array(BARS),
    volume: new Float64Array(BARS),
  };
  let close = 100;
  let seed = 7;
  const next = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  for (let i = 0; i < BARS; i++) {
    // A two-hour hole after which prices are a third higher: an unadjusted split.
    b.ts[i] = START + (i + (i >= 20_000 ? 120 : 0)) * MINUTE;
    const open = i === 20_000 ? close * 1.35 : close;
    close = open * Math.exp((next() - 0.5) * 0.002);
    b.open[i] = open;
    b.close[i] = close;
    b.high[i] = Math.max(open, close) * (1 + next() * 0.0005);
    b.low[i] = Math.min(open, close) * (1 - next() * 0.0005);
    b.volume[i] = 100 * Math.exp((next() - 0.5) * 0.6);
  }
  b.low[5_000] = b.low[5_000]! * 0.9;
  b.high[9_000] = b.open[9_000]! * 0.5;
  b.volume[15_000] = b.volume[15_000]! * 1e7;
  for (let i = 25_000; i < 25_040; i++) b.volume[i] = 0;
  for (let i = 30_000; i < 30_008; i++) {
    const p = b.close[29_999]!;
    b.open[i] = p;
    b.high[i] = p;
    b.low[i] = p;
    b.close[i] = p;
  }
  return b;
}

/**
 * What a quality worker runs once before its first piece when the app warms the pool: the
 * synthetic month through the catalog's encode and decode (parquet-wasm compiled, instantiated
 * and its decode optimised) and every check over the bars decoded, as a 24x7 series with the
 * settings given (their JavaScript optimised).
 */
export async function warmUpChecks(settings: QualitySettings): Promise<Finding[]> {
  const bars = await decodeRoundTrip(warmUpSeries());
  return checkPieceBars(bars, {
    key: { venue: 'WARM', symbol: 'UP', timeframe: '1m' },
    calendar: '24x7',
    settings,
    partitions: [{ minTs: START }, { minTs: START + 15 * 1440 * MINUTE }],
  });
}
