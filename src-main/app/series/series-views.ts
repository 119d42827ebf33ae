import type { GapChart, ParsedInput, QueryPreview } from '../../../src-shared/contract';
import { BAR_BASE_COLUMNS } from '../../../src-shared/domain/bar';
import type { SeriesKey } from '../../../src-shared/domain/series';
import type { Gap } from '../../../src-shared/domain/series-views/availability';
import { floorToTimeframe, nextBarStart, nominalMs } from '../../../src-shared/domain/timeframe';
import { coverageBuckets } from '../../../src-shared/time/coverage';
import type { Catalog } from '../../engines/catalog/index';
import { checkResample, readResampled } from '../../engines/resample/index';

const DEFAULT_GAP_LIMIT = 500;

/** Availability of one series; the catalog applies the series' own calendar (closed time is not missing). */
export function availabilityOf(
  catalog: Catalog,
  key: SeriesKey,
  range?: ParsedInput<'availability'>['range'],
) {
  return catalog.availability(key, { range });
}

/** The coverage timeline for one series, aggregated here so the renderer draws a few hundred bars. */
export async function gapChart(
  catalog: Catalog,
  key: SeriesKey,
  input: ParsedInput<'gapChart'>,
): Promise<GapChart> {
  const a = await availabilityOf(catalog, key);
  const extent =
    a.first !== null && a.last !== null ? { from: a.first, to: nextBarStart(a.last, key.timeframe) } : null;
  const range = input.range ?? extent ?? { from: 0, to: 1 };
  const buckets = coverageBuckets({
    range,
    pixels: input.pixels,
    timeframe: key.timeframe,
    extent,
    covered: a.covered,
    gaps: a.gaps,
    checkedEmpty: a.checkedEmpty,
  });
  const inRange = a.gaps.filter((g) => g.to > range.from && g.from < range.to);
  const limit = input.gapLimit ?? DEFAULT_GAP_LIMIT;
  let gaps: Gap[] = inRange;
  if (inRange.length > limit) {
    gaps = [...inRange].sort((x, y) => y.to - y.from - (x.to - x.from)).slice(0, limit);
    gaps.sort((x, y) => x.from - y.from);
  }
  return {
    id: input.id,
    timeframe: key.timeframe,
    range,
    extent,
    bucketMs: buckets.length ? buckets[0]!.to - buckets[0]!.from : 0,
    buckets,
    gaps,
    gapTotal: inRange.length,
    missingBars: inRange.reduce((s, g) => s + g.missingBars, 0),
  };
}

export async function queryPreview(
  catalog: Catalog,
  key: SeriesKey,
  input: ParsedInput<'queryPreview'>,
): Promise<QueryPreview> {
  if (input.timeframe && input.timeframe !== key.timeframe)
    return resampledPreview(catalog, key, input, input.timeframe);
  const table = await catalog.query(key, input.range);
  const total = table.numRows;
  const start = input.fromEnd ? Math.max(0, total - input.limit) : 0;
  const end = Math.min(total, start + input.limit);
  const columns = BAR_BASE_COLUMNS.filter((c) => table.getChild(c));
  const vectors = columns.map((c) => table.getChild(c)!);
  const rows: (number | null)[][] = [];
  for (let i = start; i < end; i++) {
    rows.push(
      vectors.map((v) => {
        const x = v.get(i);
        return x === null || x === undefined ? null : Number(x);
      }),
    );
  }
  return { columns, rows, total };
}

/**
 * The latest (or first) bars resampled on read, as `barcat query --timeframe` gives them. Only the
 * buckets needed are read: a few times `limit` buckets from the series' end, started on the target's grid.
 */
async function resampledPreview(
  catalog: Catalog,
  key: SeriesKey,
  input: ParsedInput<'queryPreview'>,
  timeframe: NonNullable<ParsedInput<'queryPreview'>['timeframe']>,
): Promise<QueryPreview> {
  checkResample(key.timeframe, timeframe);
  let range = input.range;
  if (!range && input.fromEnd) {
    const a = await catalog.availability(key);
    if (a.last !== null) {
      const to = nextBarStart(a.last, key.timeframe);
      range = { from: floorToTimeframe(to - 3 * input.limit * nominalMs(timeframe), timeframe), to };
    }
  }
  const r = await readResampled(
    catalog,
    key,
    range,
    {},
    { timeframe, align: 'utc', fill: false, completeOnly: false },
  );
  const total = r.bars.length;
  const start = input.fromEnd ? Math.max(0, total - input.limit) : 0;
  const end = Math.min(total, start + input.limit);
  const b = r.bars;
  const rows: (number | null)[][] = [];
  let incomplete = 0;
  for (let i = start; i < end; i++) {
    // At most `limit` rows (queryPreview's input in the contract caps it): each follows the header's own list.
    rows.push([...BAR_BASE_COLUMNS.map((c) => b[c][i]!), r.complete[i]!]);
    if (!r.complete[i]) incomplete++;
  }
  return { columns: [...BAR_BASE_COLUMNS, 'complete'], rows, total, incomplete };
}
