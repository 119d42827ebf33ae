import type { BarValues } from '../../../../src-shared/domain/bar';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import { allocBatch, type BarBatch, concatBatches, type ExtraColumn } from '../../catalog/index';

const BASE = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;
type Column = (typeof BASE)[number] | ExtraColumn;
type Columns = Partial<Record<Column, number[]>>;

/**
 * The bars of one chunk, grouped by series, kept as plain number columns (8 bytes a value, not an
 * object a bar) and turned into column batches at commit; batches read by a worker join as they are.
 */
export class SeriesChunk {
  private readonly bySeries = new Map<string, { key: SeriesKey; cols: Columns; batches: BarBatch[] }>();
  size = 0;
  /** Only the columns the plan maps: unmapped trades/vwap would be a NaN per row. */
  private readonly columns: readonly Column[];

  constructor(private readonly extra: readonly ExtraColumn[]) {
    this.columns = [...BASE, ...extra];
  }

  private seriesFor(id: string, key: SeriesKey) {
    let s = this.bySeries.get(id);
    if (!s) {
      s = { key, cols: this.emptyColumns(), batches: [] };
      this.bySeries.set(id, s);
    }
    return s;
  }

  private emptyColumns(): Columns {
    return Object.fromEntries(this.columns.map((c) => [c, []]));
  }

  /** Appends one bar of series `id` (its values are copied: `bar` may be reused). */
  add(id: string, key: SeriesKey, bar: BarValues): void {
    const s = this.seriesFor(id, key);
    for (const c of this.columns) s.cols[c]?.push(bar[c]);
    this.size++;
  }

  /** Appends a series' bars already in columns (after every bar added before). */
  addBatch(id: string, key: SeriesKey, batch: BarBatch): void {
    const s = this.seriesFor(id, key);
    this.flush(s);
    s.batches.push(batch);
    this.size += batch.length;
  }

  /** Moves the bars added one by one into a column batch, keeping their order. */
  private flush(s: { cols: Columns; batches: BarBatch[] }): void {
    const n = s.cols.ts?.length ?? 0;
    if (n === 0) return;
    const b = allocBatch(n, this.extra);
    for (const c of this.columns) b[c]?.set(s.cols[c] ?? []);
    s.batches.push(b);
    s.cols = this.emptyColumns();
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
