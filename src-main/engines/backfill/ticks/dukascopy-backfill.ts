// Backfill of Dukascopy quote ticks, hour by hour, into catalog.ticks, and of bars built from them.
// Requests go through the backfill engine's caller (limiter, retries, size cap) like every provider's.
import type { CheckedEmpty, Interval } from '../../../../src-shared/domain/range';
import type { TickKey, TickPrice } from '../../../../src-shared/domain/ticks';
import {
  ceilToTimeframe,
  floorToTimeframe,
  HOUR,
  type Timeframe,
} from '../../../../src-shared/domain/timeframe';
import { mergeIntervals, subtractIntervals } from '../../../../src-shared/time/intervals';
import { BarcatError } from '../../../plumbing/errors';
import type { Catalog, QuoteTicks, TickStore, WriteResult } from '../../catalog/index';
import { concatTicks } from '../../catalog/index';
import { TickBarBuilder, volumeOf } from '../../import/ticks/tick-bars';
import { tickBarsSource } from '../../import/ticks/tick-import';
import {
  DUKASCOPY_LABEL,
  DUKASCOPY_RATE,
  type DukascopySource,
  dukascopySource,
  fetchHourTicks,
} from '../../providers/dukascopy/index';
import { JSON_RESPONSE_LIMIT } from '../../providers/limits';
import { makeCaller, RequestFailed } from '../requests/caller';
import type { Clock } from '../requests/clock';
import { HostLimiter, limiterOptionsFor } from '../requests/limiter';
import type { RetryPolicy } from '../requests/retry';

/** Hours fetched before their ticks are written: one UTC day, so memory holds a day at most. */
const HOURS_PER_WRITE = 24;

export interface TickBackfillOptions {
  catalog: Catalog;
  symbol: string;
  /** ms UTC, [from, to); cut to whole hours that are over. */
  from: number;
  to: number;
  baseUrl?: string;
  fetch: typeof fetch;
  clock: Clock;
  random: () => number;
  policy: RetryPolicy;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** A fixed request rate instead of the default budget. */
  requestsPerSecond?: number;
  signal: AbortSignal;
  /** Also build bars of this timeframe and price from the stored ticks of the range. */
  bars?: { timeframe: Timeframe; price: TickPrice };
  onProgress?(done: number, total: number): void;
}

export interface TickBackfillSummary {
  series: string;
  shape: DukascopySource['shape'];
  hoursPlanned: number;
  /** Hours already stored or checked empty: not asked again. */
  hoursPresent: number;
  hoursWithTicks: number;
  ticksWritten: number;
  /** Hours served empty: recorded checked-empty. */
  checkedEmpty: Interval[];
  /** Hours answered 404: neither stored nor recorded; the next run asks again. */
  missing: Interval[];
  /** Hours that failed after their retries (an error page, a corrupt file), with the reason; nothing stored. */
  parked: { range: Interval; error: string }[];
  requests: number;
  retries: number;
  bars: { series: string; written: WriteResult; source: string } | null;
}

// Hours ending this close to now may not be published yet: never recorded as empty.
const RECENT_MS = HOUR;

type HourResult =
  | { hour: number; kind: 'ticks'; ticks: QuoteTicks }
  | { hour: number; kind: 'missing' }
  | { hour: number; kind: 'parked'; error: string };

/** The stored ticks of a range; null for a series not written yet (any other failure is thrown). */
function ticksOrNone(store: TickStore, key: TickKey, range: Interval) {
  return store.query(key, range).catch((err: unknown) => {
    if (err instanceof BarcatError && err.code === 'NOT_FOUND') return null;
    throw err;
  });
}

/** Hours of [from, to) with stored ticks or a checked-empty record: what a re-run does not ask again. */
async function presentHours(store: TickStore, key: TickKey, span: Interval): Promise<Interval[]> {
  const checked = await store.checkedEmpty(key);
  const have: Interval[] = checked.map((c) => ({ from: c.from, to: c.to }));
  const ticks = await ticksOrNone(store, key, span);
  if (ticks)
    for (let i = 0; i < ticks.length; i++) {
      const h = Math.floor(ticks.ts[i]! / 1000 / HOUR) * HOUR;
      if (have.at(-1)?.from !== h) have.push({ from: h, to: h + HOUR });
    }
  return mergeIntervals(have);
}

/** Runs `fn` over `items` with at most `n` at once, results in the items' order. */
async function bounded<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
  return out;
}

/** Consecutive hours fetched in this run, each one write: stored hours between them stay untouched. */
function runsOf(results: HourResult[]): QuoteTicks[][] {
  const runs: QuoteTicks[][] = [];
  let run: QuoteTicks[] = [];
  let prev = Number.NaN;
  for (const r of results) {
    if (r.kind !== 'ticks' || r.hour !== prev + HOUR) {
      if (run.length) runs.push(run);
      run = [];
    }
    if (r.kind === 'ticks') run.push(r.ticks);
    prev = r.hour;
  }
  if (run.length) runs.push(run);
  return runs;
}

/**
 * Fetches every hour of [from, to) not yet stored nor checked empty, writes the ticks day by day
 * (merge: an hour's ticks replace only that hour's), records empty hours, and builds the bars.
 */
export async function backfillDukascopyTicks(o: TickBackfillOptions): Promise<TickBackfillSummary> {
  const src = dukascopySource(o.symbol, o.baseUrl);
  const key: TickKey = { venue: 'DUKASCOPY', symbol: src.symbol, kind: 'quotes' };
  const store = o.catalog.ticks;
  if (!store) throw new BarcatError('INTERNAL', `catalog ${o.catalog.dir} keeps no ticks`);
  const series = `DUKASCOPY:${src.symbol}:quotes`;
  const now = o.clock.now();
  const span = {
    from: Math.ceil(o.from / HOUR) * HOUR,
    to: Math.min(Math.floor(o.to / HOUR) * HOUR, Math.floor(now / HOUR) * HOUR),
  };
  const summary: TickBackfillSummary = {
    series,
    shape: src.shape,
    hoursPlanned: 0,
    hoursPresent: 0,
    hoursWithTicks: 0,
    ticksWritten: 0,
    checkedEmpty: [],
    missing: [],
    parked: [],
    requests: 0,
    retries: 0,
    bars: null,
  };
  const hours: number[] = [];
  if (span.to > span.from) {
    const todo = subtractIntervals([span], await presentHours(store, key, span));
    for (const g of todo) for (let h = g.from; h < g.to; h += HOUR) hours.push(h);
    summary.hoursPresent = (span.to - span.from) / HOUR - hours.length;
  }
  summary.hoursPlanned = hours.length;
  const limiter = new HostLimiter(limiterOptionsFor(DUKASCOPY_RATE, o.requestsPerSecond), o.clock);
  const call = makeCaller({
    fetch: o.fetch,
    clock: o.clock,
    random: o.random,
    policy: o.policy,
    providerLabel: DUKASCOPY_LABEL,
    maxResponseBytes: JSON_RESPONSE_LIMIT,
    limiterFor: () => limiter,
    signal: o.signal,
    onAttempt: (a) => {
      summary.requests++;
      if (a.outcome === 'retry') summary.retries++;
    },
  });
  // A refusal of the whole source (403, 451, a long ban) stops the run: the hours left are parked unsent.
  let stopped: string | null = null;
  const fetchOne = async (hour: number): Promise<HourResult> => {
    if (stopped) return { hour, kind: 'parked', error: stopped };
    try {
      return { hour, kind: 'ticks', ticks: await fetchHourTicks(src, hour, call) };
    } catch (err) {
      if (!(err instanceof RequestFailed)) throw err;
      // Not served (yet): the reference saw hours come and go, so a 404 is no proof of "no ticks".
      if (err.status === 404) return { hour, kind: 'missing' };
      if (err.stopJob) stopped ??= err.message;
      return { hour, kind: 'parked', error: err.message };
    }
  };
  let done = 0;
  for (let i = 0; i < hours.length; i += HOURS_PER_WRITE) {
    const results = await bounded(hours.slice(i, i + HOURS_PER_WRITE), o.concurrency ?? 4, async (h) => {
      const r = await fetchOne(h);
      o.onProgress?.(++done, hours.length);
      return r;
    });
    await storeResults(o, store, key, src, results, summary);
  }
  if (o.bars) summary.bars = await buildBars(o, store, key, span, o.bars);
  return summary;
}

async function storeResults(
  o: TickBackfillOptions,
  store: TickStore,
  key: TickKey,
  src: DukascopySource,
  results: HourResult[],
  summary: TickBackfillSummary,
): Promise<void> {
  const empties: CheckedEmpty[] = [];
  const at = o.clock.now();
  for (const r of results) {
    const range = { from: r.hour, to: r.hour + HOUR };
    if (r.kind === 'missing') summary.missing.push(range);
    else if (r.kind === 'parked') summary.parked.push({ range, error: r.error });
    else if (r.ticks.length === 0 && range.to <= at - RECENT_MS)
      empties.push({ ...range, provider: 'dukascopy', checkedAt: at });
    else if (r.ticks.length > 0) summary.hoursWithTicks++;
  }
  for (const run of runsOf(results)) {
    const batch = concatTicks('quotes', run);
    if (batch.length === 0) continue;
    await store.write(key, batch, { source: `backfill:dukascopy-${src.shape}` });
    summary.ticksWritten += batch.length;
  }
  if (empties.length) {
    await store.recordCheckedEmpty(key, empties);
    summary.checkedEmpty = mergeIntervals([...summary.checkedEmpty, ...empties]);
  }
  summary.missing = mergeIntervals(summary.missing);
}

/** Bars of the range from every stored tick of it (whole bars at the edges), merged into the bar series. */
async function buildBars(
  o: TickBackfillOptions,
  store: TickStore,
  key: TickKey,
  span: Interval,
  want: { timeframe: Timeframe; price: TickPrice },
): Promise<TickBackfillSummary['bars']> {
  const range = {
    from: floorToTimeframe(span.from, want.timeframe),
    to: ceilToTimeframe(span.to, want.timeframe),
  };
  const ticks = await ticksOrNone(store, key, range);
  const barKey = { venue: key.venue, symbol: key.symbol, timeframe: want.timeframe };
  const id = `${barKey.venue}:${barKey.symbol}:${barKey.timeframe}`;
  if (!ticks || ticks.length === 0) return null;
  const volume = volumeOf(ticks, want.price);
  const builder = new TickBarBuilder(want.timeframe, want.price, volume);
  builder.add(ticks);
  const source = tickBarsSource({ ...key, price: want.price }, volume);
  return { series: id, written: await o.catalog.write(barKey, builder.bars(), 'merge', { source }), source };
}
