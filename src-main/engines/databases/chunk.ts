import type { SeriesKey } from '../../../src-shared/domain/series';
import { allocBatch, type BarBatch, type ExtraColumn } from '../catalog/index';
import type { DbBar } from './rows';

/** The bars of one chunk, grouped by series, turned into column batches at commit. */
export class SeriesChunk {
  private readonly bySeries = new Map<string, { key: SeriesKey; bars: DbBar[] }>();
  size = 0;

  constructor(private readonly extra: readonly ExtraColumn[]) {}

  add(bar: DbBar): void {
    let s = this.bySeries.get(bar.series);
    if (!s) {
      s = { key: bar.key, bars: [] };
      this.bySeries.set(bar.series, s);
    }
    s.bars.push(bar);
    this.size++;
  }

  *batches(): Iterable<{ key: SeriesKey; batch: BarBatch }> {
    for (const { key, bars } of this.bySeries.values()) {
      const b = allocBatch(bars.length, this.extra);
      bars.forEach((bar, i) => {
        b.ts[i] = bar.ts;
        b.open[i] = bar.open;
        b.high[i] = bar.high;
        b.low[i] = bar.low;
        b.close[i] = bar.close;
        b.volume[i] = bar.volume;
        if (b.trades) b.trades[i] = bar.trades;
        if (b.vwap) b.vwap[i] = bar.vwap;
      });
      yield { key, batch: b };
    }
  }

  clear(): void {
    this.bySeries.clear();
    this.size = 0;
  }
}
