import type { TickPlan, TickVolume } from '../../../../src-shared/domain/ticks';
import { nextBarStart, type Timeframe } from '../../../../src-shared/domain/timeframe';
import { type BarBatch, type Catalog, sliceBatch } from '../../catalog/index';
import { TICK_BAR_VALUES, TickBarBuilder } from './tick-bars';

/**
 * The file's first and last bar (their indices) whose time holds stored ticks before its ticks are
 * committed, from the manifest alone. Only those can take ticks of another file; the others hold
 * exactly the file's own after the commit, so their days need not be read back and decoded.
 */
export async function edgesWithStoredTicks(
  catalog: Catalog,
  plan: TickPlan,
  bars: BarBatch,
): Promise<number[]> {
  const store = catalog.ticks;
  if (!store || bars.length === 0) return [];
  const tf = plan.timeframe as Timeframe;
  const key = { venue: plan.venue, symbol: plan.symbol, kind: plan.kind };
  const ends = bars.length === 1 ? [0] : [0, bars.length - 1];
  // One manifest read for both ends.
  const held = await store.holds(
    key,
    ends.map((i) => ({ from: bars.ts[i]!, to: nextBarStart(bars.ts[i]!, tf) })),
  );
  return ends.filter((_, j) => held[j]);
}

/**
 * A file's first and last bar hold only its own ticks, but its neighbours (the previous day's
 * export, the next month's) may hold ticks of the same bar. With the ticks stored, those of the two
 * bars whose time held stored ticks before the commit (`edges`) are built again from every stored
 * tick of their time.
 */
export async function rebuildEdgeBars(
  catalog: Catalog,
  plan: TickPlan,
  bars: BarBatch,
  volume: TickVolume,
  edges: readonly number[],
): Promise<BarBatch> {
  const store = catalog.ticks;
  if (!store || bars.length === 0) return bars;
  const tf = plan.timeframe as Timeframe;
  const key = { venue: plan.venue, symbol: plan.symbol, kind: plan.kind };
  const at = async (i: number) => {
    const from = bars.ts[i]!;
    const b = new TickBarBuilder(tf, plan.price!, volume);
    b.add(await store.query(key, { from, to: nextBarStart(from, tf) }));
    return b.bars();
  };
  for (const i of edges) {
    const one = await at(i);
    if (one.length !== 1) continue;
    const row = sliceBatch(bars, i, i + 1);
    for (const c of TICK_BAR_VALUES) row[c]!.set(one[c]!);
  }
  return bars;
}
