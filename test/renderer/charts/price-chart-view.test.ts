import { describe, expect, it } from 'vitest';
import {
  type BarsPage,
  pageAround,
  pageFrom,
  pageUntil,
  type ReadBars,
} from '../../../src-renderer/features/gaps/bar-pages';
import {
  CHART_COLORS,
  chartSeriesData,
  focusRange,
  resolutionWords,
} from '../../../src-renderer/model/chart/view';
import type { QueryPreview } from '../../../src-shared/contract';
import type { PriceChart } from '../../../src-shared/domain/series-views/price-chart';

const H = 3_600_000;
const s = (ms: number) => ms / 1000;

function answer(ts: number[]): PriceChart {
  return {
    id: 'A:X:1m',
    timeframe: '1m',
    resolution: '1h',
    range: { from: 0, to: 10 * H },
    extent: { from: 0, to: 10 * H },
    bars: {
      ts,
      open: ts.map(() => 10),
      high: ts.map(() => 12),
      low: ts.map(() => 9),
      close: ts.map((_, i) => (i % 2 ? 9.5 : 11)),
      volume: ts.map(() => 5),
    },
    gaps: [{ from: 3 * H + 1_800_000, to: 5 * H, missingBars: 90 }],
    gapTotal: 1,
    checkedEmpty: [{ from: 8 * H, to: 9 * H, provider: 'binance-spot', checkedAt: 1 }],
    findings: [
      { check: 'spike', from: 1 * H + 60_000, to: 1 * H + 120_000, bars: 1, field: 'low' },
      { check: 'impossible', from: 6 * H, to: 6 * H + 60_000, bars: 1, field: 'nan' },
      { check: 'spike', from: 4 * H + 60_000, to: 4 * H + 120_000, bars: 1, field: 'high' },
    ],
    findingTotal: 3,
    qualityCheckedAt: 1,
  };
}

describe('chartSeriesData', () => {
  it('shades every resolution slot a gap, a checked-empty range or the selection touches, and marks findings on their bars', () => {
    // Hours 4 and 8 have no bar: their columns come from the shading alone.
    const d = chartSeriesData(answer([0, H, 2 * H, 3 * H, 5 * H, 6 * H, 7 * H, 9 * H]), {
      from: 6 * H,
      to: 7 * H,
    });
    expect(d.candles.map((c) => c.time)).toEqual([0, 1, 2, 3, 5, 6, 7, 9].map((h) => s(h * H)));
    expect(d.volume[1]).toEqual({ time: s(H), value: 5, color: CHART_COLORS.down });
    expect(d.shade).toEqual([
      { time: s(3 * H), value: 1, color: CHART_COLORS.gap },
      { time: s(4 * H), value: 1, color: CHART_COLORS.gap },
      { time: s(6 * H), value: 1, color: CHART_COLORS.selection },
      { time: s(8 * H), value: 1, color: CHART_COLORS.empty },
    ]);
    // The spike at 04:01 lies in an hour without a bar: nothing to put its marker on.
    expect(d.markers).toEqual([
      {
        id: 'spike:3660000:low',
        time: s(H),
        position: 'belowBar',
        shape: 'arrowUp',
        color: CHART_COLORS.finding,
        text: 'Spike',
      },
      {
        id: 'impossible:21600000:nan',
        time: s(6 * H),
        position: 'aboveBar',
        shape: 'arrowDown',
        color: CHART_COLORS.impossible,
        text: 'Impossible values',
      },
    ]);
  });

  it('focuses a finding in a window around it, kept inside the series', () => {
    expect(focusRange({ from: 5 * H, to: 5 * H + 60_000 }, { from: 0, to: 10 * H }, 2 * H)).toEqual({
      from: 4 * H + 30_000,
      to: 6 * H + 30_000,
    });
    expect(focusRange({ from: 0, to: 60_000 }, { from: 0, to: 10 * H }, 2 * H)).toEqual({
      from: 0,
      to: 2 * H,
    });
  });
});

/** Hourly bars at the given hours, read like queryPreview (first or last `limit` rows of the range). */
function reader(hours: number[]) {
  const calls: [number, number, boolean][] = [];
  const read: ReadBars = async (range, limit, fromEnd) => {
    calls.push([range.from / H, range.to / H, fromEnd]);
    const rows = hours.filter((h) => h * H >= range.from && h * H < range.to).map((h) => [h * H, h]);
    const cut = fromEnd ? rows.slice(Math.max(0, rows.length - limit)) : rows.slice(0, limit);
    return { columns: ['ts', 'close'], rows: cut, total: rows.length } satisfies QueryPreview;
  };
  return { read, calls };
}
const hoursOf = (p: BarsPage) => p.rows.map((r) => (r[0] as number) / H);

describe('bar browser pages', () => {
  // Bars at hours 0-9 and 100-109: a long hole between.
  const hours = [
    ...Array.from({ length: 10 }, (_, i) => i),
    ...Array.from({ length: 10 }, (_, i) => 100 + i),
  ];
  // As the browser builds it: from the first bar to just past the last one.
  const extent = { from: 0, to: 109 * H + 1 };

  it('pages forward across a hole by widening the window, and says what lies either side', async () => {
    const { read, calls } = reader(hours);
    const p = await pageFrom(read, 7 * H, extent, H, 4);
    expect(hoursOf(p)).toEqual([7, 8, 9, 100]);
    expect(calls).toEqual([
      [7, 23, false],
      [7, 109 + 1 / H, false],
    ]);
    expect([p.hasEarlier, p.hasLater]).toEqual([true, true]);
  });

  it('shows the latest bars, the page before them, and the bars around a time', async () => {
    const { read } = reader(hours);
    const latest = await pageUntil(read, extent.to, extent, H, 4);
    expect(hoursOf(latest)).toEqual([106, 107, 108, 109]);
    expect(latest.hasLater).toBe(false);
    expect(hoursOf(await pageUntil(read, 101 * H, extent, H, 4))).toEqual([7, 8, 9, 100]);
    const around = await pageAround(read, 3 * H, extent, H, 6);
    expect(hoursOf(around)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(around.hasEarlier).toBe(false);
  });
});

describe('resolutionWords', () => {
  it('names the stored overview level the bars came from, else the series timeframe they were resampled from', () => {
    expect(resolutionWords({ timeframe: '1m', resolution: '1w', level: '1d' }, '120')).toBe(
      '1w bars · 120 shown (from the stored 1d overview)',
    );
    expect(resolutionWords({ timeframe: '1m', resolution: '1h', level: '1h' }, '2,400')).toBe(
      '1h bars · 2,400 shown (from the stored 1h overview)',
    );
    expect(resolutionWords({ timeframe: '1m', resolution: '5m', level: null }, '2,880')).toBe(
      '5m bars · 2,880 shown (resampled from 1m)',
    );
    expect(resolutionWords({ timeframe: '1m', resolution: '1m', level: null }, '2,880')).toBe(
      '1m bars · 2,880 shown',
    );
  });
});
