import type { Bar } from '../../../../src-shared/domain/bar';
import { isOnGrid, nextBarStart, type Timeframe } from '../../../../src-shared/domain/timeframe';
import type { BarBatch } from '../../catalog/index';

/** Why a bar cannot be stored, or undefined when it is fine: the same row rules as imports. */
export function barProblem(b: Bar, tf: Timeframe): string | undefined {
  const values = [b.ts, b.open, b.high, b.low, b.close, b.volume];
  if (values.some((v) => typeof v !== 'number' || !Number.isFinite(v)))
    return 'a value is not a finite number';
  if (!isOnGrid(b.ts, tf)) return `open time ${new Date(b.ts).toISOString()} is not on the ${tf} grid`;
  if (b.high < Math.max(b.open, b.close)) return `high ${b.high} is below open/close`;
  if (b.low > Math.min(b.open, b.close)) return `low ${b.low} is above open/close`;
  if (b.volume < 0) return `volume ${b.volume} is negative`;
  return undefined;
}

export interface CleanResult {
  bars: Bar[];
  rejected: { ts: number; problem: string }[];
  /** The still-open last bar (its end is after now), dropped. */
  droppedOpen: number;
}

/** Validates, drops the still-open bar and duplicates (first wins), sorts by open time. */
export function cleanBars(raw: Bar[], tf: Timeframe, now: number): CleanResult {
  const seen = new Set<number>();
  const bars: Bar[] = [];
  const rejected: { ts: number; problem: string }[] = [];
  let droppedOpen = 0;
  for (const b of raw) {
    const problem = barProblem(b, tf);
    if (problem) {
      rejected.push({ ts: b.ts, problem });
      continue;
    }
    if (nextBarStart(b.ts, tf) > now) {
      droppedOpen++;
      continue;
    }
    if (seen.has(b.ts)) continue;
    seen.add(b.ts);
    bars.push(b);
  }
  bars.sort((a, b) => a.ts - b.ts);
  return { bars, rejected, droppedOpen };
}

/** Columns for Catalog.write; trades/vwap only when every bar has them. */
export function toBatch(bars: Bar[]): BarBatch {
  const n = bars.length;
  const col = () => new Float64Array(n);
  const batch: BarBatch = {
    length: n,
    ts: col(),
    open: col(),
    high: col(),
    low: col(),
    close: col(),
    volume: col(),
  };
  const withTrades = n > 0 && bars.every((b) => b.trades !== undefined && Number.isFinite(b.trades));
  const withVwap = n > 0 && bars.every((b) => b.vwap !== undefined && Number.isFinite(b.vwap));
  if (withTrades) batch.trades = col();
  if (withVwap) batch.vwap = col();
  for (let i = 0; i < n; i++) {
    const b = bars[i]!;
    batch.ts[i] = b.ts;
    batch.open[i] = b.open;
    batch.high[i] = b.high;
    batch.low[i] = b.low;
    batch.close[i] = b.close;
    batch.volume[i] = b.volume;
    if (batch.trades) batch.trades[i] = b.trades!;
    if (batch.vwap) batch.vwap[i] = b.vwap!;
  }
  return batch;
}
