import type { ParsedInput } from '../../../src-shared/contract';
import type { Interval } from '../../../src-shared/domain/range';
import { type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import {
  CHART_BARS,
  CHART_LIST_MAX,
  type ChartBars,
  type ChartFinding,
  type PriceChart,
} from '../../../src-shared/domain/series-views/price-chart';
import {
  ceilToTimeframe,
  compareTimeframes,
  countBarSlots,
  floorToTimeframe,
  nextBarStart,
  TIMEFRAMES,
  type Timeframe,
} from '../../../src-shared/domain/timeframe';
import { requireCalendar } from '../../engines/calendars/index';
import {
  arrowToBatch,
  type BarBatch,
  type Catalog,
  emptyBatch,
  lowerBound,
  readManifest,
  sliceBatch,
} from '../../engines/catalog/index';
import { readResults } from '../../engines/quality/index';
import {
  levelFor,
  readResampled,
  refreshOverview,
  resampleBatch,
  resampleProblem,
} from '../../engines/resample/index';

/**
 * The finest of the series' own timeframe and the standard ones it resamples to whose bars over
 * `range` stay within `maxBars` (slots counted on the UTC grid, closed time included, so the answer
 * can only hold fewer); the coarsest when none does.
 */
export function chartResolution(source: Timeframe, range: Interval, maxBars: number): Timeframe {
  const ladder: Timeframe[] = [source];
  for (const tf of TIMEFRAMES)
    if (compareTimeframes(tf, source) > 0 && resampleProblem(source, tf) === undefined) ladder.push(tf);
  for (const tf of ladder)
    if (countBarSlots(floorToTimeframe(range.from, tf), range.to, tf) <= maxBars) return tf;
  return ladder.at(-1)!;
}

function columns(b: BarBatch): ChartBars {
  return {
    ts: Array.from(b.ts),
    open: Array.from(b.open),
    high: Array.from(b.high),
    low: Array.from(b.low),
    close: Array.from(b.close),
    volume: Array.from(b.volume),
  };
}

/**
 * The last answers' bars per open catalog, keyed by series, manifest generation, partition hashes,
 * resolution and read range: "All" and going back to a view cost no read. Any write raises the generation, so a cached
 * answer never outlives the bars it was made from; a catalog opened again starts empty.
 */
const CACHE_SIZE = 8;
const answers = new WeakMap<Catalog, Map<string, ViewBars>>();

interface ViewBars {
  bars: ChartBars;
  /** The overview level read, or null for the series' own bars. */
  level: Timeframe | null;
}

async function readBars(
  catalog: Catalog,
  key: SeriesKey,
  read: Interval,
  resolution: Timeframe,
): Promise<ViewBars> {
  const m = await readManifest(catalog.dir, key);
  // The files' hashes too: a series deleted and written again starts its generations over.
  const files = m?.partitions.map((p) => p.sha256).join(',') ?? '';
  const id = `${seriesId(key)}|${m?.generation ?? -1}|${files}|${resolution}|${read.from}|${read.to}`;
  let cache = answers.get(catalog);
  const hit = cache?.get(id);
  if (cache && hit) {
    cache.delete(id);
    cache.set(id, hit);
    return hit;
  }
  const out = await freshBars(catalog, key, read, resolution);
  if (!cache) {
    cache = new Map();
    answers.set(catalog, cache);
  }
  cache.set(id, out);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return out;
}

/**
 * A view's bars from the coarsest overview level that resamples to the resolution (brought up to
 * date first: only partitions written since are read), else from the series' own bars.
 */
async function freshBars(
  catalog: Catalog,
  key: SeriesKey,
  read: Interval,
  resolution: Timeframe,
): Promise<ViewBars> {
  if (read.to <= read.from) return { bars: columns(emptyBatch([])), level: null };
  const request = { timeframe: resolution, align: 'utc', fill: false, completeOnly: false } as const;
  const level = resolution === key.timeframe ? undefined : levelFor(key.timeframe, resolution);
  const overview = level ? (await refreshOverview(catalog, key)).overview : null;
  if (level && overview) {
    const all = overview.bars[overview.levels.indexOf(level)]!;
    const part = sliceBatch(all, lowerBound(all.ts, read.from), lowerBound(all.ts, read.to));
    const calendar = requireCalendar((await catalog.availability(key)).calendar, catalog.dir);
    const bars =
      level === resolution ? part : resampleBatch(part, level, resolution, { ...request, calendar }).bars;
    return { bars: columns(bars), level };
  }
  if (resolution === key.timeframe)
    return { bars: columns(arrowToBatch(await catalog.query(key, read))), level: null };
  return { bars: columns((await readResampled(catalog, key, read, {}, request)).bars), level: null };
}

const overlaps = (x: Interval, r: Interval) => x.to > r.from && x.from < r.to;

/** Stored findings overlapping the range, by time (never recomputed here: a write refreshes them). */
async function findingsIn(
  catalog: Catalog,
  key: SeriesKey,
  range: Interval,
): Promise<{ list: ChartFinding[]; total: number; at: number | null }> {
  const results = await readResults(catalog.dir, key);
  if (!results) return { list: [], total: 0, at: null };
  const all: ChartFinding[] = [];
  for (const p of results.partitions)
    for (const f of p.findings)
      if (overlaps(f, range))
        all.push({
          check: f.check,
          from: f.from,
          to: f.to,
          bars: f.bars,
          ...(f.field !== undefined ? { field: f.field } : {}),
          ...(f.score !== undefined ? { score: f.score } : {}),
        });
  all.sort((a, b) => a.from - b.from);
  return { list: all.slice(0, CHART_LIST_MAX), total: all.length, at: results.computedAt };
}

/**
 * A range of a series as a price chart draws it: bars resampled on read to a resolution that keeps
 * them under the cap (whole resolution bars, so a zoomed view shows the same bars as the full one),
 * with the gaps, checked-empty ranges and stored quality findings overlapping the range.
 */
export async function priceChart(
  catalog: Catalog,
  key: SeriesKey,
  input: ParsedInput<'priceChart'>,
): Promise<PriceChart> {
  const a = await catalog.availability(key);
  const extent =
    a.first !== null && a.last !== null ? { from: a.first, to: nextBarStart(a.last, key.timeframe) } : null;
  const range = input.range ?? extent ?? { from: 0, to: 0 };
  const resolution = chartResolution(key.timeframe, range, input.maxBars ?? CHART_BARS);
  const read = { from: floorToTimeframe(range.from, resolution), to: ceilToTimeframe(range.to, resolution) };
  const view =
    extent === null
      ? { bars: columns(emptyBatch([])), level: null }
      : await readBars(catalog, key, read, resolution);
  const gaps = a.gaps.filter((g) => overlaps(g, range));
  const findings = await findingsIn(catalog, key, range);
  return {
    id: seriesId(key),
    timeframe: key.timeframe,
    resolution,
    level: view.level,
    range,
    extent,
    bars: view.bars,
    gaps: gaps.slice(0, CHART_LIST_MAX),
    gapTotal: gaps.length,
    checkedEmpty: a.checkedEmpty.filter((c) => overlaps(c, range)),
    findings: findings.list,
    findingTotal: findings.total,
    qualityCheckedAt: findings.at,
  };
}
