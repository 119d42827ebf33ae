import { randomUUID } from 'node:crypto';
import type { Bar } from '../../../../src-shared/domain/bar';
import type { Interval } from '../../../../src-shared/domain/range';
import { type SeriesKey, seriesId } from '../../../../src-shared/domain/series';
import type { RefetchComparison as RefetchComparisonShown } from '../../../../src-shared/domain/series-views/findings';
import { nominalMs } from '../../../../src-shared/domain/timeframe';
import type { Equal, Same } from '../../../../src-shared/type-equal';
import { BarcatError } from '../../../plumbing/errors';
import {
  appendOp,
  batchFromBars,
  type Catalog,
  checkKey,
  tableToBars,
  type WriteResult,
} from '../../catalog/index';
import { EMPTY_CONFIG } from '../settings';
import { findOpen, type QualityState, qualityState } from './actions';

/** Bars shown on each side of a finding, so the comparison has context. */
const CONTEXT_BARS = 5;

type Values = Pick<Bar, 'open' | 'high' | 'low' | 'close' | 'volume'>;

/** One time of the compared range: the catalog's bar and the provider's (null where one has none). */
export interface RefetchRow {
  ts: number;
  catalog: Values | null;
  provider: Values | null;
  differs: boolean;
}

export interface RefetchComparison {
  /** Names this comparison for acceptRefetch: accepting writes exactly the bars shown. */
  token: string;
  series: string;
  findingId: string;
  range: Interval;
  rows: RefetchRow[];
  /** Times where the two versions differ (a value, or a bar only one side has). */
  differing: number;
  catalogBars: number;
  providerBars: number;
}

/** It is the app's RefetchComparisonSchema less the provider's name, which the app adds (series-management). */
export type RefetchComparisonIsShown = Same<
  Equal<RefetchComparison, Omit<RefetchComparisonShown, 'provider'>>
>;

/** Fetches a range from the series' provider (engines/backfill fetchRange, bound to provider and keys). */
export type RangeFetcher = (key: SeriesKey, range: Interval) => Promise<Bar[]>;

// Comparisons shown and not yet accepted or discarded, in this process only.
const pending = new Map<string, { key: SeriesKey; bars: Bar[]; comparison: RefetchComparison }>();

const values = (b: Bar): Values => ({
  open: b.open,
  high: b.high,
  low: b.low,
  close: b.close,
  volume: b.volume,
});
const same = (a: Values, b: Values) =>
  a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume;

/** The finding's bars (and a few around them) from the catalog and from the provider, side by side. */
export async function compareRefetch(
  catalog: Catalog,
  key: SeriesKey,
  id: string,
  fetchRange: RangeFetcher,
): Promise<RefetchComparison> {
  const k = checkKey(key);
  const f = await findOpen(catalog, k, id, EMPTY_CONFIG);
  const pad = CONTEXT_BARS * nominalMs(k.timeframe);
  const range = { from: f.from - pad, to: f.to + pad };
  const ours = tableToBars(await catalog.query(k, range));
  const theirs = await fetchRange(k, range);
  const byTs = new Map<number, RefetchRow>();
  for (const b of ours) byTs.set(b.ts, { ts: b.ts, catalog: values(b), provider: null, differs: true });
  for (const b of theirs) {
    const row = byTs.get(b.ts) ?? { ts: b.ts, catalog: null, provider: null, differs: true };
    row.provider = values(b);
    row.differs = row.catalog === null || !same(row.catalog, row.provider);
    byTs.set(b.ts, row);
  }
  const rows = [...byTs.values()].sort((a, b) => a.ts - b.ts);
  const comparison: RefetchComparison = {
    token: randomUUID(),
    series: seriesId(k),
    findingId: id,
    range,
    rows,
    differing: rows.filter((r) => r.differs).length,
    catalogBars: ours.length,
    providerBars: theirs.length,
  };
  pending.set(comparison.token, { key: k, bars: theirs, comparison });
  return comparison;
}

/**
 * Writes the provider's bars of a comparison as one catalog write over its whole range (overwrite:
 * the provider's version of the range replaces ours, so bars only the catalog has there, at the edges
 * too, are removed; counted, their times logged, undoable), then recomputes the results. An empty
 * answer covers nothing: no write.
 */
export async function acceptRefetch(
  catalog: Catalog,
  token: string,
  by: string,
): Promise<QualityState & { write: WriteResult }> {
  const p = takePending(token);
  const write =
    p.bars.length > 0
      ? await catalog.write(p.key, batchFromBars(p.bars), 'overwrite', {
          source: `quality-refetch:${p.comparison.findingId}`,
          overwriteRange: p.comparison.range,
        })
      : { added: 0, replaced: 0, removed: 0, skipped: 0, partitionsWritten: 0 };
  await appendOp(catalog.dir, {
    op: 'quality-refetch',
    by,
    series: p.comparison.series,
    findingId: p.comparison.findingId,
    range: p.comparison.range,
    differing: p.comparison.differing,
    added: write.added,
    replaced: write.replaced,
    removed: write.removed,
    // The catalog-only bars the provider's answer removed, so the history names each one.
    removedTimes:
      p.bars.length > 0 ? p.comparison.rows.filter((r) => r.provider === null).map((r) => r.ts) : [],
  });
  return { ...(await qualityState(catalog, p.key)), write };
}

/** Forgets a comparison the user discarded; nothing was written. */
export function discardRefetch(token: string): void {
  takePending(token);
}

function takePending(token: string) {
  const p = pending.get(token);
  if (!p)
    throw new BarcatError(
      'NOT_FOUND',
      'that re-fetch comparison is no longer open; re-fetch the range again',
      {
        reason: 'no_such_comparison',
      },
    );
  pending.delete(token);
  return p;
}
