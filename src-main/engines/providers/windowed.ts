// Shared by the keyless exchanges (Bybit, OKX, Coinbase, Kraken): the code each gives a timeframe,
// and the loop that asks for a range in windows of at most one page of bars.
import type { Bar } from '../../../src-shared/domain/bar';
import type { Timeframe } from '../../../src-shared/domain/timeframe';
import { nominalMs } from '../../../src-shared/domain/timeframe';
import { ProviderRefusal } from './errors';
import { addInRange, sortedBars } from './rows';
import type { BarQuery } from './types';

/** The provider's code for the timeframe, or a refusal: "`missing`; it serves 1m 5m ...". */
export function codeFor<T>(codes: Partial<Record<Timeframe, T>>, timeframe: Timeframe, missing: string): T {
  const code = codes[timeframe];
  if (code === undefined) throw new ProviderRefusal(`${missing}; it serves ${Object.keys(codes).join(' ')}`);
  return code;
}

/** What one request is for, in messages: "BTCUSDT 1h from 2024-01-01T00:00:00.000Z". */
export function windowLabel(q: BarQuery, start: number): string {
  return `${q.symbol} ${q.timeframe} from ${new Date(start).toISOString()}`;
}

/** One window of a range: `count` bars on the grid from `start`, `step` ms apart. */
interface BarWindow {
  start: number;
  count: number;
  step: number;
}

/**
 * Asks for [q.from, q.to) in windows of at most `maxRows` bars on the timeframe's grid, one request
 * each; keeps each answer's bars inside its window (pages may come newest first or reach before the
 * asked start) and returns them oldest first, each open time once.
 */
export async function fetchWindows(
  q: BarQuery,
  maxRows: number,
  fetchWindow: (w: BarWindow) => Promise<Bar[]>,
): Promise<Bar[]> {
  const step = nominalMs(q.timeframe);
  const out = new Map<number, Bar>();
  for (let start = Math.ceil(q.from / step) * step; start < q.to; start += maxRows * step) {
    const count = Math.min(maxRows, Math.ceil((q.to - start) / step));
    const rows = await fetchWindow({ start, count, step });
    addInRange(out, rows, start, Math.min(q.to, start + count * step));
  }
  return sortedBars(out);
}
