import { BAR_OHLCV_COLUMNS } from '../../../../src-shared/domain/bar';
import {
  customTickBarStep,
  parseTickBarTimeframe,
  type TickPrice,
  type TickVolume,
} from '../../../../src-shared/domain/ticks';
import { floorSpanEnd, floorToTimeframe, type Timeframe } from '../../../../src-shared/domain/timeframe';
import { BarcatError } from '../../../plumbing/errors';
import {
  allocBatch,
  type BarBatch,
  type PartitionCuts,
  partitionCuts,
  sliceBatch,
  type TickBatch,
} from '../../catalog/index';

/**
 * Where bars from ticks take their volume: the chosen side's size for bid or ask, the mean of both
 * sides' for mid, the trade size for last; the tick count when the ticks carry no such size.
 */
export function volumeOf(b: TickBatch, price: TickPrice): TickVolume {
  return volumeOfSizes(b.kind, price, sizesOf(b));
}

/** Which sizes ticks carry: quotes' bid and ask size columns, any known trade size. */
interface Sizes {
  bid: boolean;
  ask: boolean;
  trade: boolean;
}

function sizesOf(b: TickBatch): Sizes {
  if (b.kind === 'trades') return { bid: false, ask: false, trade: b.size.some((s) => !Number.isNaN(s)) };
  return { bid: b.bidSize !== undefined, ask: b.askSize !== undefined, trade: false };
}

function volumeOfSizes(kind: TickBatch['kind'], price: TickPrice, s: Sizes): TickVolume {
  if (kind === 'trades') return s.trade ? 'size' : 'count';
  if (price === 'bid') return s.bid ? 'size' : 'count';
  if (price === 'ask') return s.ask ? 'size' : 'count';
  return s.bid && s.ask ? 'size' : 'count';
}

/** The stored columns bars of `price` need (ts aside): its price and size columns, both sides' for mid. */
export function barColumns(kind: TickBatch['kind'], price: TickPrice): string[] {
  if (kind === 'trades') return ['price', 'size'];
  if (price === 'bid') return ['bid', 'bid_size'];
  if (price === 'ask') return ['ask', 'ask_size'];
  return ['bid', 'ask', 'bid_size', 'ask_size'];
}

/**
 * Bars on read of stored ticks fed file by file (`scan`, e.g. TickStore.scan, told which columns
 * to decode): the bars and volume one batch of them all would give, without holding the ticks
 * whole. Sizes are summed as they come (a tick without counts 0); a tick-count volume is then
 * taken from `trades`.
 */
export async function barsOnRead(
  kind: TickBatch['kind'],
  timeframe: Timeframe,
  price: TickPrice,
  scan: (onBatch: (b: TickBatch) => void, columns: readonly string[]) => Promise<void>,
): Promise<{ bars: BarBatch; volume: TickVolume }> {
  const builder = new TickBarBuilder(timeframe, price, 'size');
  const seen: Sizes = { bid: false, ask: false, trade: false };
  await scan(
    (b) => {
      const s = sizesOf(b);
      seen.bid ||= s.bid;
      seen.ask ||= s.ask;
      seen.trade ||= s.trade;
      builder.add(b);
    },
    barColumns(kind, price),
  );
  const volume = volumeOfSizes(kind, price, seen);
  const bars = builder.bars();
  if (volume === 'count') bars.volume.set(bars.trades!);
  return { bars, volume };
}

/**
 * Rows per chunk of built bars. Bars are kept in chunks of this fixed size and joined once at the
 * end: doubling one array held up to twice the bars plus the copy (a 5 GB file's half passed 2^19
 * 1m bars and grew to 2^20), so peak memory stepped up with the file's length.
 */
export const TICK_BAR_CHUNK = 1 << 16;

/** A tick bar's values: OHLCV and the tick count in trades (ticks give no vwap). */
export const TICK_BAR_VALUES = [...BAR_OHLCV_COLUMNS, 'trades'] as const;
const TICK_BAR_COLUMNS = ['ts', ...TICK_BAR_VALUES] as const;

/**
 * Builds bars from ticks given in time order, batch after batch (a file read day by day): open,
 * high, low, close of the chosen price, volume per `volume` (an unknown size counts 0), and the
 * tick count in `trades`. A bar still open at the end of a batch continues with the next one.
 * Given `onPartition`, each catalog partition's bars are handed to it as soon as a later partition's
 * bar opens and are dropped here, so a file's bars are never held whole (tick-bar-stage.ts).
 */
export class TickBarBuilder {
  /** Full chunks of TICK_BAR_CHUNK rows; `out` is the one being filled, `k` its rows. */
  private readonly full: BarBatch[] = [];
  private out: BarBatch = allocBatch(TICK_BAR_CHUNK, ['trades']);
  private k = 0;
  private bar = Number.NaN;
  /** Where the floor of the current bar's times ends (floorSpanEnd). */
  private spanEnd = Number.NaN;
  /** A custom timeframe's step from UTC midnight (customTickBarStep); undefined: the fixed grid. */
  private readonly step: number | undefined;
  /** The catalog's partitions of the timeframe when bars are handed out by partition; where the current one ends. */
  private readonly cuts: PartitionCuts | undefined;
  private partEnd = Number.NaN;

  constructor(
    readonly timeframe: Timeframe,
    readonly price: TickPrice,
    readonly volume: TickVolume,
    private readonly onPartition?: (bars: BarBatch) => void,
  ) {
    // Every entry checks the timeframe first (parseTickBarTimeframe); this is the backstop.
    if ('error' in parseTickBarTimeframe(timeframe))
      throw new BarcatError('INTERNAL', `bars from ticks on timeframe ${timeframe} were not refused`);
    this.step = customTickBarStep(timeframe);
    this.cuts = onPartition ? partitionCuts(timeframe) : undefined;
  }

  add(b: TickBatch): void {
    // The price and size columns picked once per batch, so the loop reads typed arrays only.
    const mid = b.kind === 'quotes' && this.price !== 'bid' && this.price !== 'ask';
    const prices = b.kind === 'trades' ? b.price : this.price === 'ask' ? b.ask : b.bid;
    const sizes = b.kind === 'trades' ? b.size : this.price === 'ask' ? b.askSize : b.bidSize;
    const asks = b.kind === 'quotes' ? b.ask : undefined;
    const askSizes = b.kind === 'quotes' ? b.askSize : undefined;
    const count = this.volume === 'count';
    const ts = b.ts;
    for (let i = 0; i < b.length; i++) {
      let p = prices[i]!;
      let v = sizes?.[i] ?? 0;
      if (mid) {
        p = (p + asks![i]!) / 2;
        v = (v + (askSizes?.[i] ?? 0)) / 2;
      }
      if (count) v = 1;
      else if (Number.isNaN(v)) v = 0;
      const ms = Math.floor(ts[i]! / 1000);
      // Sorted ticks: the grid is looked up once per bar, not per tick (same bars as flooring each).
      if (!(ms >= this.bar && ms < this.spanEnd)) {
        const step = this.step;
        const t = step ? Math.floor(ms / step) * step : floorToTimeframe(ms, this.timeframe);
        if (t !== this.bar) this.open(t, p);
        this.spanEnd = step ? t + step : floorSpanEnd(ms, this.timeframe);
      }
      const out = this.out;
      const k = this.k - 1;
      if (p > out.high[k]!) out.high[k] = p;
      if (p < out.low[k]!) out.low[k] = p;
      out.close[k] = p;
      out.volume[k]! += v;
      out.trades![k]! += 1;
    }
  }

  private open(t: number, p: number): void {
    // Ticks come in time order: a bar past its partition's end completes every bar before it.
    if (this.cuts && !(t < this.partEnd)) {
      if (this.k > 0) this.onPartition!(this.take());
      this.partEnd = this.cuts.endOf(t);
    }
    if (this.k === TICK_BAR_CHUNK) {
      this.full.push(this.out);
      this.out = allocBatch(TICK_BAR_CHUNK, ['trades']);
      this.k = 0;
    }
    const k = this.k++;
    this.bar = t;
    const o = this.out;
    o.ts[k] = t;
    o.open[k] = p;
    o.high[k] = p;
    o.low[k] = p;
    o.close[k] = p;
    o.volume[k] = 0;
    o.trades![k] = 0;
  }

  /** The bars built so far (a copy of exactly their rows, in arrays of their own). */
  bars(): BarBatch {
    const chunks = [...this.full, sliceBatch(this.out, 0, this.k)];
    const copy = allocBatch(this.full.length * TICK_BAR_CHUNK + this.k, ['trades']);
    let at = 0;
    for (const s of chunks) {
      for (const c of TICK_BAR_COLUMNS) copy[c]!.set(s[c]!, at);
      at += s.length;
    }
    return copy;
  }

  /** The bars built so far, as bars() gives them, and none kept here (the last chunk is filled anew). */
  private take(): BarBatch {
    const bars = this.bars();
    this.full.length = 0;
    this.k = 0;
    return bars;
  }
}
