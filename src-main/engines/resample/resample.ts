import { isDailyOrLonger, nominalMs, type Timeframe } from '../../../src-shared/domain/timeframe';
import { BarcatError } from '../../plumbing/errors';
import type { TradingCalendar } from '../calendars/index';
import type { BarBatch } from '../catalog/index';
import { emptyBatch, extraColumnsOf } from '../catalog/index';
import { type AggregateOptions, aggregate, type Resampled } from './aggregate';
import { type Align, type Buckets, sessionBuckets, utcBuckets } from './buckets';

export interface ResampleOptions extends AggregateOptions {
  align?: Align;
  /** The series' trading calendar: session bounds, and which source slots a bucket expects. */
  calendar: TradingCalendar;
}

/** Why `source` bars cannot be resampled to `target`, or undefined when every target bar is whole source bars. */
export function resampleProblem(source: Timeframe, target: Timeframe): string | undefined {
  return nominalMs(target) < nominalMs(source)
    ? 'is finer; a series only resamples to a coarser timeframe'
    : target === '1M' && source === '1w'
      ? 'does not hold whole weeks'
      : !isDailyOrLonger(target) && nominalMs(target) % nominalMs(source) !== 0
        ? `is not a whole number of ${source} bars`
        : undefined;
}

/** Throws USAGE unless every `target` bar is a whole number of `source` bars. */
export function checkResample(source: Timeframe, target: Timeframe): void {
  const why = resampleProblem(source, target);
  if (why) throw new BarcatError('USAGE', `cannot resample ${source} bars to ${target}: ${target} ${why}`);
}

/** Resamples sorted, unique `source` bars to `target` (see aggregate for the rules). */
export function resampleBatch(
  src: BarBatch,
  source: Timeframe,
  target: Timeframe,
  opts: ResampleOptions,
): Resampled {
  const build = bucketBuilder(source, target, opts);
  if (src.length === 0)
    return {
      bars: emptyBatch(extraColumnsOf(src)),
      complete: new Uint8Array(0),
      filled: opts.fill ? new Uint8Array(0) : undefined,
      outsideBuckets: 0,
      droppedIncomplete: 0,
      filledBars: 0,
    };
  return aggregate(src, build(src.ts[0]!, src.ts[src.length - 1]!), opts);
}

/** Checks a resample's options; gives the buckets from the one holding `first` to the one holding `last`. */
export function bucketBuilder(
  source: Timeframe,
  target: Timeframe,
  opts: ResampleOptions,
): (first: number, last: number) => Buckets {
  checkResample(source, target);
  if (opts.fill && opts.completeOnly)
    throw new BarcatError(
      'USAGE',
      '--fill and --complete-only exclude each other: a filled bar is never complete; choose one',
    );
  // Daily bars are already stamped with their session date: both alignments group them the same way.
  const bySession = opts.align === 'session' && !isDailyOrLonger(source);
  const make = bySession ? sessionBuckets : utcBuckets;
  return (first, last) => make(first, last, source, target, opts.calendar);
}
