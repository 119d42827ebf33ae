import type { BarBatch } from '../catalog/index';
import { allocBatch, extraColumnsOf, sliceBatch } from '../catalog/index';
import type { Buckets } from './buckets';

/** Resampled bars: per bar whether every expected source bar was there, and whether it was forward-filled. */
export interface Resampled {
  bars: BarBatch;
  complete: Uint8Array;
  /** Present with `fill`: 1 for a bar made up from the previous close (no source bar in its bucket). */
  filled?: Uint8Array;
  /** Source bars that fell in no bucket (outside every session with session alignment). */
  outsideBuckets: number;
  /** Incomplete bars left out because only complete ones were asked for. */
  droppedIncomplete: number;
  /** Bars made up by forward-filling. */
  filledBars: number;
}

export interface AggregateOptions {
  fill?: boolean;
  completeOnly?: boolean;
}

/** Where a piece of a longer resample (see resampleChunks) picks up and hands over. */
interface Continuation {
  /** Close of the last real bar before this piece (NaN: none), which `fill` carries forward. */
  prevClose?: number;
  /** Real bars follow this piece, so its trailing empty buckets lie between two real bars. */
  barsFollow?: boolean;
}

/** A resample of one piece, plus the close the next piece fills from. */
export type ResampledPiece = Resampled & { lastClose: number };

/**
 * One pass over sorted source columns and sorted buckets: open first, high max, low min, close
 * last, volume and trades summed, vwap weighted by volume (NaN when a source vwap is missing or the
 * volume is 0). A bucket without bars yields no bar unless `fill` asks for a marked one.
 */
export function aggregate(
  src: BarBatch,
  buckets: Buckets,
  opts: AggregateOptions & Continuation = {},
): ResampledPiece {
  const extra = extraColumnsOf(src);
  const out = allocBatch(buckets.length, extra);
  const complete = new Uint8Array(buckets.length);
  const filled = opts.fill ? new Uint8Array(buckets.length) : undefined;
  const { ts, open, high, low, close, volume, trades, vwap } = src;
  const len = src.length;
  const sessions = buckets.sessions;
  let i = 0;
  let s = 0;
  let n = 0;
  let outside = 0;
  let dropped = 0;
  let filledBars = 0;
  let prevClose = opts.prevClose ?? Number.NaN;
  for (let b = 0; b < buckets.length; ) {
    const key = buckets.key[b]!;
    let first = -1;
    let h = 0;
    let l = 0;
    let v = 0;
    let tr = 0;
    let pv = 0;
    let counted = 0;
    let expected = 0;
    for (; b < buckets.length && buckets.key[b] === key; b++) {
      expected += buckets.expected[b]!;
      while (i < len && ts[i]! < buckets.start[b]!) {
        outside++;
        i++;
      }
      for (; i < len && ts[i]! < buckets.end[b]!; i++) {
        if (first < 0) {
          first = i;
          h = high[i]!;
          l = low[i]!;
        }
        if (high[i]! > h) h = high[i]!;
        if (low[i]! < l) l = low[i]!;
        v += volume[i]!;
        if (trades) tr += trades[i]!;
        if (vwap) pv += vwap[i]! * volume[i]!;
        if (sessions) {
          while (s < sessions.length && sessions[s]!.to <= ts[i]!) s++;
          if (s < sessions.length && sessions[s]!.from <= ts[i]!) counted++;
        } else counted++;
      }
    }
    if (first >= 0) {
      const isComplete = counted >= expected;
      prevClose = close[i - 1]!;
      if (opts.completeOnly && !isComplete) {
        dropped++;
        continue;
      }
      out.ts[n] = key;
      out.open[n] = open[first]!;
      out.high[n] = h;
      out.low[n] = l;
      out.close[n] = prevClose;
      out.volume[n] = v;
      if (out.trades) out.trades[n] = tr;
      if (out.vwap) out.vwap[n] = v === 0 ? Number.NaN : pv / v;
      complete[n] = isComplete ? 1 : 0;
      n++;
    } else if (filled && (i < len || opts.barsFollow) && !Number.isNaN(prevClose) && expected > 0) {
      // Only between two real bars, and only over session time: a filled bar never extends the data.
      out.ts[n] = key;
      out.open[n] = prevClose;
      out.high[n] = prevClose;
      out.low[n] = prevClose;
      out.close[n] = prevClose;
      out.volume[n] = 0;
      if (out.trades) out.trades[n] = 0;
      if (out.vwap) out.vwap[n] = Number.NaN;
      filled[n] = 1;
      filledBars++;
      n++;
    }
  }
  outside += len - i;
  return {
    bars: sliceBatch(out, 0, n),
    complete: complete.subarray(0, n),
    filled: filled?.subarray(0, n),
    outsideBuckets: outside,
    droppedIncomplete: dropped,
    filledBars,
    lastClose: prevClose,
  };
}
