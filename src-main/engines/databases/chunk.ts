import type { SeriesKey } from '../../../src-shared/domain/series';
import { allocBatch, type BarBatch, type ExtraColumn } from '../catalog/index';
import type { DbBar } from './rows';

const COLUMNS = ['ts', 'open', 'high', 'low', 'close', 'volume', 'trades', 'vwap'] as const;
type Columns = Record<(typeof COLUMNS)[number], number[]>;

/**
 * The bars of one chunk, grouped by series, kept as plain number columns (8 bytes a value, not an
 * object a bar) and turned into column batches at commit.
 */
export class SeriesChunk {
  private readonly bySeries = new Map<string, { key: SeriesKey; cols: Columns }>();
  size = 0;

  constructor(private readonly extra: readonly ExtraColumn[]) {}

  add(bar: DbBar): void {
    let s = this.bySeries.get(bar.series);
    if (!s) {
      s = { key: bar.key, cols: Object.fromEntries(COLUMNS.map((c) => [c, []])) as unknown as Columns };
      this.bySeries.set(bar.series, s);
    }
    for (const c of COLUMNS) s.cols[c].push(bar[c]);
    this.size++;
  }

  /** Hands the chunk's bars over as one column batch per series and starts an empty chunk. */
  take(): { key: SeriesKey; batch: BarBatch }[] {
    const out = [...this.bySeries.values()].map(({ key, cols }) => {
      const b = allocBatch(cols.ts.length, this.extra);
      for (const c of COLUMNS) b[c]?.set(cols[c]);
      return { key, batch: b };
    });
    this.bySeries.clear();
    this.size = 0;
    return out;
  }
}
