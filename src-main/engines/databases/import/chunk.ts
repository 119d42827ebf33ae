import type { SeriesKey } from '../../../../src-shared/domain/series';
import { allocBatch, type BarBatch, type ExtraColumn } from '../../catalog/index';
import type { DbBar } from '../rows';

const BASE = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;
type Column = (typeof BASE)[number] | ExtraColumn;
type Columns = Partial<Record<Column, number[]>>;

/**
 * The bars of one chunk, grouped by series, kept as plain number columns (8 bytes a value, not an
 * object a bar) and turned into column batches at commit.
 */
export class SeriesChunk {
  private readonly bySeries = new Map<string, { key: SeriesKey; cols: Columns }>();
  size = 0;
  /** Only the columns the plan maps: unmapped trades/vwap would be a NaN per row. */
  private readonly columns: readonly Column[];

  constructor(private readonly extra: readonly ExtraColumn[]) {
    this.columns = [...BASE, ...extra];
  }

  add(bar: DbBar): void {
    let s = this.bySeries.get(bar.series);
    if (!s) {
      s = { key: bar.key, cols: Object.fromEntries(this.columns.map((c) => [c, []])) };
      this.bySeries.set(bar.series, s);
    }
    for (const c of this.columns) s.cols[c]?.push(bar[c]);
    this.size++;
  }

  /** Hands the chunk's bars over as one column batch per series and starts an empty chunk. */
  take(): { id: string; key: SeriesKey; batch: BarBatch }[] {
    const out = [...this.bySeries].map(([id, { key, cols }]) => {
      const b = allocBatch(cols.ts?.length ?? 0, this.extra);
      for (const c of this.columns) b[c]?.set(cols[c] ?? []);
      return { id, key, batch: b };
    });
    this.bySeries.clear();
    this.size = 0;
    return out;
  }
}
