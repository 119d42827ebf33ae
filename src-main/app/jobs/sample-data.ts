import type { SeriesKey } from '../../../src-shared/domain/series';
import { seriesId } from '../../../src-shared/domain/series';
import { floorToTimeframe, nominalMs, type Timeframe } from '../../../src-shared/domain/timeframe';
import { allocBatch, type Catalog } from '../../engines/catalog/index';

interface SampleSpec {
  key: SeriesKey;
  days: number;
  price: number;
  /** Holes as [start offset, length] in bars, deliberately left so the gap chart has something to show. */
  holes: [number, number][];
}

// Anchored to a fixed date so every newcomer sees the same catalog.
const END = Date.UTC(2024, 11, 1);

/** One sample: its venue, symbol and timeframe, how many days up to END, its starting price, its holes. */
const sample = (
  venue: string,
  symbol: string,
  timeframe: Timeframe,
  days: number,
  price: number,
  ...holes: [number, number][]
): SampleSpec => ({ key: { venue, symbol, timeframe }, days, price, holes });

const SAMPLES: SampleSpec[] = [
  sample('BINANCE', 'BTCUSDT', '1h', 180, 42000, [300, 72], [1900, 5], [3100, 30]),
  sample('BINANCE', 'ETHUSDT', '1h', 180, 2300, [1200, 48]),
  sample('BINANCE', 'SOLUSDT', '15m', 45, 95, [800, 96], [2500, 12], [3900, 200]),
  sample('BINANCE', 'BTCUSDT', '1d', 1000, 9000, [400, 20]),
  sample('COINBASE', 'BTC-USD', '1m', 5, 61000, [1000, 45], [4400, 180]),
  sample('KRAKEN', 'XBTEUR', '4h', 365, 30000),
];

/** A small seeded PRNG (mulberry32): same seed, same sequence, so samples and fuzz cases repeat. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random walk of OHLCV bars with the spec's holes left out. */
export function generateSample(spec: SampleSpec, seed: number) {
  const tf: Timeframe = spec.key.timeframe;
  const step = nominalMs(tf);
  const count = Math.floor((spec.days * 86_400_000) / step);
  const start = floorToTimeframe(END - count * step, tf);
  const skip = new Uint8Array(count);
  for (const [at, len] of spec.holes) skip.fill(1, Math.min(at, count), Math.min(at + len, count));
  const kept = count - skip.reduce((s, v) => s + v, 0);
  const cols = allocBatch(kept);
  const rnd = mulberry32(seed);
  const vol = 0.004 * Math.sqrt(step / 3_600_000);
  let price = spec.price;
  let j = 0;
  for (let i = 0; i < count; i++) {
    const open = price;
    const close = open * (1 + (rnd() - 0.5) * 2 * vol);
    price = close;
    if (skip[i]) continue;
    const wiggle = Math.abs(close - open) + open * vol * rnd();
    cols.ts[j] = start + i * step;
    cols.open[j] = round(open);
    cols.close[j] = round(close);
    cols.high[j] = round(Math.max(open, close) + wiggle * rnd());
    cols.low[j] = round(Math.min(open, close) - wiggle * rnd());
    cols.volume[j] = round(10 + rnd() * 1000);
    j++;
  }
  return cols;
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

/** Writes the sample series into the catalog (merge: loading twice changes nothing). */
export async function loadSampleData(catalog: Catalog, signal?: AbortSignal): Promise<string[]> {
  const ids: string[] = [];
  let seed = 7;
  for (const spec of SAMPLES) {
    signal?.throwIfAborted();
    await catalog.write(spec.key, generateSample(spec, seed++), 'merge', { source: 'sample-data', signal });
    ids.push(seriesId(spec.key));
  }
  return ids;
}
