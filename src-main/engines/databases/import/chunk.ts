import { BAR_BASE_COLUMNS, type BarOptionalColumn, type BarValues } from '../../../../src-shared/domain/bar';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import { allocBatch, type BarBatch, concatBatches } from '../../catalog/index';

/** Bars added one by one to a series: growable typed columns (8 bytes a value, no object a bar). */
interface Growing {
  key: SeriesKey;
  batches: BarBatch[];
  open: BarBatch;
  n: number;
}

// Small: a block holds a few thousand rows, over as many series as the source has.
const FIRST_CAPACITY = 64;

/**
 * The bars of one chunk, grouped by series, kept as typed columns and handed over as one column
 * batch per series; batches read by a worker join as they are.
 */
export class SeriesChunk {
  private readonly bySeries = new Map<string, Growing>();
  size = 0;

  /** Only the extra columns the plan maps: unmapped trades/vwap would be a NaN per row. */
  constructor(private readonly extra: readonly BarOptionalColumn[]) {}

  private seriesFor(id: string, key: SeriesKey): Growing {
    let s = this.bySeries.get(id);
    if (!s) {
      s = { key, batches: [], open: allocBatch(FIRST_CAPACITY, this.extra), n: 0 };
      this.bySeries.set(id, s);
    }
    return s;
  }

  /** Appends one bar of series `id` (its values are copied: `bar` may be reused). */
  add(id: string, key: SeriesKey, bar: BarValues): void {
    const s = this.seriesFor(id, key);
    if (s.n === s.open.length) s.open = grown(s.open, s.n * 2, this.extra);
    const b = s.open;
    const i = s.n++;
    b.ts[i] = bar.ts;
    b.open[i] = bar.open;
    b.high[i] = bar.high;
    b.low[i] = bar.low;
    b.close[i] = bar.close;
    b.volume[i] = bar.volume;
    if (b.trades) b.trades[i] = bar.trades;
    if (b.vwap) b.vwap[i] = bar.vwap;
    this.size++;
  }

  /** Appends a series' bars already in columns (after every bar added before). */
  addBatch(id: string, key: SeriesKey, batch: BarBatch): void {
    const s = this.seriesFor(id, key);
    this.flush(s);
    s.batches.push(batch);
    this.size += batch.length;
  }

  /** Moves the bars added one by one into the series' batches, keeping their order. */
  private flush(s: Growing): void {
    if (s.n === 0) return;
    s.batches.push(grown(s.open, s.n, this.extra));
    s.open = allocBatch(FIRST_CAPACITY, this.extra);
    s.n = 0;
  }

  /** Hands the chunk's bars over as one column batch per series and starts an empty chunk. */
  take(): { id: string; key: SeriesKey; batch: BarBatch }[] {
    const out = [...this.bySeries].map(([id, s]) => {
      this.flush(s);
      return { id, key: s.key, batch: concatBatches(s.batches) };
    });
    this.bySeries.clear();
    this.size = 0;
    return out;
  }
}

/** The first min(length, b.length) rows of `b` in a new batch of `length` rows. */
function grown(b: BarBatch, length: number, extra: readonly BarOptionalColumn[]): BarBatch {
  const out = allocBatch(length, extra);
  const n = Math.min(length, b.length);
  for (const c of [...BAR_BASE_COLUMNS, ...extra]) out[c]?.set((b[c] as Float64Array).subarray(0, n));
  return out;
}
