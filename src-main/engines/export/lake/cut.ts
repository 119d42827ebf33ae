import type { Interval } from '../../../../src-shared/domain/range';
import { type SeriesKey, seriesId } from '../../../../src-shared/domain/series';
import { nextBarStart, type Timeframe } from '../../../../src-shared/domain/timeframe';
import type { TradingCalendar } from '../../calendars/index';
import { arrowToBatch, type BarBatch, type Catalog } from '../../catalog/index';
import { resampleBatch } from '../../resample/index';
import { readWindows } from '../windows';
import { bucketOf } from './canonical';
import type { Events } from './events';
import type { LakeTotals } from './manifest';
import type { WindowsHooks, WindowsRequest } from './run';
import { BarSink, type CoverageRow, CoverageSink, type LakeFile } from './sinks';
import { anchorIndex, lowerBound, type Slots, slotsAround } from './slots';

// Cutting the windows: events in the lake's order, one catalog read per read window of a series.

export interface SeriesInfo {
  key: SeriesKey;
  calendar: TradingCalendar;
  generation: number;
  /** Checked-empty ranges, merged and sorted. */
  checkedEmpty: Interval[];
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Event indices in the lake's order: bucket, instrument, time, then file order. */
function eventOrder(events: Events, buckets: string[]): Uint32Array {
  const rank = new Uint32Array(events.instruments.length);
  events.instruments
    .map((name, k) => ({ k, sortKey: `${buckets[k]}\u0000${name}` }))
    .sort((a, b) => byCodeUnit(a.sortKey, b.sortKey))
    .forEach((x, r) => {
      rank[x.k] = r;
    });
  const order = new Uint32Array(events.ts.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const { inst, ts } = events;
  return order.sort((a, b) => rank[inst[a]!]! - rank[inst[b]!]! || ts[a]! - ts[b]! || a - b);
}

export async function cutWindows(
  catalog: Catalog,
  events: Events,
  keys: SeriesKey[],
  infos: Map<string, SeriesInfo>,
  req: WindowsRequest,
  staging: string,
  files: LakeFile[],
  hooks: WindowsHooks,
): Promise<LakeTotals> {
  const buckets = events.instruments.map(bucketOf);
  const order = eventOrder(events, buckets);
  const bars = new BarSink(staging, files);
  const coverage = new CoverageSink(staging, files);
  const totals: LakeTotals = {
    events: 0,
    rows: 0,
    expected: 0,
    present: 0,
    missingBars: 0,
    checkedEmptyBars: 0,
    outsideSession: 0,
  };
  for (let start = 0; start < order.length; ) {
    const k = events.inst[order[start]!]!;
    let end = start;
    while (end < order.length && events.inst[order[end]!] === k) end++;
    const info = infos.get(seriesId(keys[k]!))!;
    await bars.startBucket(buckets[k]!);
    const cut = { events, instrument: events.instruments[k]!, info, req, bars, coverage, totals };
    // One catalog read per read window of the series (a month of 1s bars, a year of 1m): bounded memory.
    const tf = info.key.timeframe;
    for (const w of readWindows(events.ts[order[start]!]!, events.ts[order[end - 1]!]! + 1, tf)) {
      hooks.signal?.throwIfAborted();
      let stop = start;
      while (stop < end && events.ts[order[stop]!]! < w.to) stop++;
      if (stop > start) await cutChunk(catalog, cut, order.subarray(start, stop));
      start = stop;
      hooks.onProgress?.(start, order.length);
    }
  }
  await bars.flush();
  await coverage.flush();
  return totals;
}

interface Cut {
  events: Events;
  instrument: string;
  info: SeriesInfo;
  req: WindowsRequest;
  bars: BarSink;
  coverage: CoverageSink;
  totals: LakeTotals;
}

/** The windows of events (one instrument, sorted by time) from one catalog read. */
async function cutChunk(catalog: Catalog, cut: Cut, chunk: Uint32Array): Promise<void> {
  const { events, info, req } = cut;
  const tf = windowTimeframe(cut);
  const source = tf === info.key.timeframe ? undefined : info.key.timeframe;
  const first = events.ts[chunk[0]!]!;
  const last = events.ts[chunk[chunk.length - 1]!]!;
  const slots = slotsAround(info.calendar, tf, first, last, req.pre, req.post, source);
  const from = slots.starts[anchorIndex(slots, first, tf) - req.pre]!;
  const to = nextBarStart(slots.starts[anchorIndex(slots, last, tf) + req.post - 1]!, tf);
  // [from, to) is whole buckets of tf, so every resampled bar gets all the source bars it has.
  const batch = arrowToBatch(await catalog.query(info.key, { from, to }));
  const bars = source
    ? resampleBatch(batch, source, tf, { align: 'utc', calendar: info.calendar })
    : { bars: batch, complete: undefined };
  for (const i of chunk) await cutEvent(cut, slots, bars.bars, bars.complete, i);
}

const windowTimeframe = (cut: Cut): Timeframe => cut.req.timeframe ?? cut.info.key.timeframe;

async function cutEvent(
  cut: Cut,
  slots: Slots,
  batch: BarBatch,
  complete: Uint8Array | undefined,
  i: number,
): Promise<void> {
  const { events, info, req, totals } = cut;
  const tf = windowTimeframe(cut);
  const eventTs = events.ts[i]!;
  const event = events.ids ? events.ids[i]! : String(i + 1);
  const a = anchorIndex(slots, eventTs, tf);
  const s0 = a - req.pre;
  const s1 = a + req.post;
  const from = slots.starts[s0]!;
  const to = nextBarStart(slots.starts[s1 - 1]!, tf);
  const runs = new RunBuilder(slots, tf, info.checkedEmpty);
  let present = 0;
  let outside = 0;
  let s = s0;
  for (let j = lowerBound(batch.ts, batch.length, from); j < batch.length && batch.ts[j]! < to; j++) {
    const t = batch.ts[j]!;
    while (s < s1 && slots.starts[s]! < t) runs.missing(s++);
    if (s < s1 && slots.starts[s] === t) {
      if (cut.bars.push(event, cut.instrument, s - a, batch, j)) await cut.bars.flush();
      if (complete && !complete[j]) runs.add(s, 'partial');
      present++;
      s++;
    } else outside++;
  }
  while (s < s1) runs.missing(s++);
  const row: CoverageRow = {
    event,
    instrument: cut.instrument,
    series: seriesId(info.key),
    eventTs,
    from,
    to,
    expected: s1 - s0,
    present,
    outsideSession: outside,
    missingBars: runs.counts.missing,
    checkedEmptyBars: runs.counts.checkedEmpty,
    missing: runs.text('missing'),
    checkedEmpty: runs.text('checkedEmpty'),
    partialBars: runs.counts.partial,
    partial: runs.text('partial'),
  };
  await cut.coverage.push(row);
  totals.events++;
  totals.rows += present;
  totals.expected += row.expected;
  totals.present += present;
  totals.missingBars += row.missingBars;
  totals.checkedEmptyBars += row.checkedEmptyBars;
  totals.outsideSession += outside;
}

type RunKind = 'missing' | 'checkedEmpty' | 'partial';

/**
 * Slots grouped into runs: missing ones checked-empty (the whole slot inside a checked-empty range)
 * or a gap, and present resampled bars whose bucket lacks source bars (partial).
 */
class RunBuilder {
  readonly counts = { missing: 0, checkedEmpty: 0, partial: 0 };
  private readonly runs = {
    missing: [] as Interval[],
    checkedEmpty: [] as Interval[],
    partial: [] as Interval[],
  };
  private lastSlot = -2;
  private lastKind: RunKind | undefined;

  constructor(
    private readonly slots: Slots,
    private readonly tf: Timeframe,
    private readonly checkedEmpty: Interval[],
  ) {}

  missing(s: number): void {
    const from = this.slots.starts[s]!;
    this.add(s, this.isCheckedEmpty(from, nextBarStart(from, this.tf)) ? 'checkedEmpty' : 'missing');
  }

  add(s: number, kind: RunKind): void {
    const from = this.slots.starts[s]!;
    const to = nextBarStart(from, this.tf);
    this.counts[kind]++;
    const list = this.runs[kind];
    if (this.lastSlot === s - 1 && this.lastKind === kind) list[list.length - 1]!.to = to;
    else list.push({ from, to });
    this.lastSlot = s;
    this.lastKind = kind;
  }

  text(kind: RunKind): string {
    return JSON.stringify(
      this.runs[kind].map((r) => [new Date(r.from).toISOString(), new Date(r.to).toISOString()]),
    );
  }

  private isCheckedEmpty(from: number, to: number): boolean {
    const list = this.checkedEmpty;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.to <= from) lo = mid + 1;
      else hi = mid;
    }
    const c = list[lo];
    return c !== undefined && c.from <= from && c.to >= to;
  }
}
