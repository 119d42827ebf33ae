// Shared by the exchanges that send candles as positional arrays of numbers and decimal strings
// (Coinbase, Bybit, OKX, Kraken): read a field by index, check it, and put pages in time order.
import { z } from 'zod';
import type { Bar } from '../../../src-shared/domain/bar';
import { ProtocolError } from './errors';

/** Field `i` of a row as a finite number; JSON numbers and decimal strings are both accepted. */
export function numAt(row: readonly unknown[], i: number, names: readonly string[]): number {
  const v = row[i];
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  if (!Number.isFinite(n))
    throw new Error(`${names[i] ?? `field ${i}`} ${JSON.stringify(v)} is not a number`);
  return n;
}

/** An array of rows, each turned into a bar by `toBar` (which throws with the reason for a bad row). */
export function rowsSchema(toBar: (row: readonly unknown[]) => Bar, minFields: number) {
  return z.array(z.unknown()).transform((rows, ctx) => {
    const bars: Bar[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (!Array.isArray(row) || row.length < minFields) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `a row must be an array of at least ${minFields} fields, got ${JSON.stringify(row)?.slice(0, 80)}`,
        });
        return z.NEVER;
      }
      try {
        bars.push(toBar(row));
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: [i], message: (err as Error).message });
        return z.NEVER;
      }
    }
    return bars;
  });
}

/** Rows laid out `[ts ms, open, high, low, close, volume, ...]` (Bybit, OKX), each field read by index. */
export function tsOhlcvRows(names: readonly string[]) {
  return rowsSchema(
    (row) => ({
      ts: numAt(row, 0, names),
      open: numAt(row, 1, names),
      high: numAt(row, 2, names),
      low: numAt(row, 3, names),
      close: numAt(row, 4, names),
      volume: numAt(row, 5, names),
    }),
    6,
  );
}

/**
 * Adds the bars of one page that fall in [from, to) to `into`: newest-first pages and candles
 * before the asked start both occur. A bar seen again on an overlapping page is dropped only when
 * it is the same bar; two different bars for one time are a protocol error, never a silent choice.
 */
export function addInRange(into: Map<number, Bar>, page: readonly Bar[], from: number, to: number): void {
  for (const b of page) {
    if (b.ts < from || b.ts >= to) continue;
    const seen = into.get(b.ts);
    if (seen === undefined) into.set(b.ts, b);
    else if (!sameBar(seen, b))
      throw new ProtocolError(
        `the answer holds two different bars for ${new Date(b.ts).toISOString()} (close ${seen.close} and ${b.close})`,
      );
  }
}

function sameBar(a: Bar, b: Bar): boolean {
  return (
    a.open === b.open &&
    a.high === b.high &&
    a.low === b.low &&
    a.close === b.close &&
    a.volume === b.volume &&
    a.trades === b.trades &&
    a.vwap === b.vwap
  );
}

export function sortedBars(bars: Map<number, Bar>): Bar[] {
  return [...bars.values()].sort((a, b) => a.ts - b.ts);
}
