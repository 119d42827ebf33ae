import type {
  CandlestickData,
  HistogramData,
  LineData,
  SeriesMarker,
  UTCTimestamp,
} from 'lightweight-charts';
import type { Interval } from '../../../src-shared/domain/range';
import type { ChartFinding, PriceChart } from '../../../src-shared/domain/series-views/price-chart';
import { floorToTimeframe, nextBarStart } from '../../../src-shared/domain/timeframe';

export const CHART_COLORS = {
  up: '#2fa57c',
  down: '#e5484d',
  line: '#4c8dff',
  gap: 'rgba(229, 72, 77, 0.22)',
  empty: 'rgba(91, 127, 184, 0.28)',
  selection: 'rgba(217, 164, 59, 0.30)',
  finding: '#d9a43b',
  impossible: '#e5484d',
};

const CHECK_WORDS: Record<string, string> = {
  impossible: 'Impossible values',
  duplicate_ts: 'Duplicate time',
  unordered_ts: 'Time out of order',
  off_grid: 'Off the timeframe grid',
  out_of_session: 'Outside the sessions',
  spike: 'Spike',
  stale_run: 'Stale run',
  zero_volume_run: 'Zero-volume run',
  volume_outlier: 'Volume outlier',
  corporate_action: 'Possible corporate action',
};

/** A finding's check in words (an unknown code as it is, so a newer main still shows). */
export function checkWords(check: string): string {
  return CHECK_WORDS[check] ?? check;
}

/**
 * The toolbar's words for where the bars came from: main sends the resolution and the overview level
 * read (null for the series' own bars); the words live here.
 */
export function resolutionWords(
  chart: Pick<PriceChart, 'timeframe' | 'resolution' | 'level'>,
  shown: string,
): string {
  const head = `${chart.resolution} bars · ${shown} shown`;
  if (chart.level) return `${head} (from the stored ${chart.level} overview)`;
  return chart.resolution === chart.timeframe ? head : `${head} (resampled from ${chart.timeframe})`;
}

/** A stable id of a finding, for markers and list rows. */
export const findingId = (f: ChartFinding): string => `${f.check}:${f.from}:${f.field ?? ''}`;

const sec = (ms: number) => (ms / 1000) as UTCTimestamp;

/**
 * A window of at least `minSpan` (at least three times the span) centred on `span`, kept inside the
 * extent: the finding and the bars around it.
 */
export function focusRange(span: Interval, extent: Interval, minSpan: number): Interval {
  const width = Math.min(extent.to - extent.from, Math.max(minSpan, 3 * (span.to - span.from)));
  const mid = (span.from + span.to) / 2;
  const from = Math.round(Math.min(Math.max(mid - width / 2, extent.from), extent.to - width));
  return { from, to: from + width };
}

export interface ChartSeriesData {
  candles: CandlestickData<UTCTimestamp>[];
  line: LineData<UTCTimestamp>[];
  volume: HistogramData<UTCTimestamp>[];
  /** Full-height columns on their own scale: gaps, checked-empty ranges and the selection. */
  shade: HistogramData<UTCTimestamp>[];
  markers: SeriesMarker<UTCTimestamp>[];
}

/**
 * What the chart library draws from one answer. Shaded ranges are drawn per resolution slot, and a
 * slot without a bar still gets its column, so a gap takes room on the time axis (closed time does not).
 */
export function chartSeriesData(chart: PriceChart, selection: Interval | null): ChartSeriesData {
  const { bars, resolution } = chart;
  const candles: CandlestickData<UTCTimestamp>[] = [];
  const line: LineData<UTCTimestamp>[] = [];
  const volume: HistogramData<UTCTimestamp>[] = [];
  for (let i = 0; i < bars.ts.length; i++) {
    const time = sec(bars.ts[i]!);
    const up = bars.close[i]! >= bars.open[i]!;
    candles.push({
      time,
      open: bars.open[i]!,
      high: bars.high[i]!,
      low: bars.low[i]!,
      close: bars.close[i]!,
    });
    line.push({ time, value: bars.close[i]! });
    volume.push({ time, value: bars.volume[i]!, color: up ? CHART_COLORS.up : CHART_COLORS.down });
  }
  const slots = new Map<number, string>();
  const paint = (spans: readonly Interval[], color: string) => {
    for (const s of spans) {
      const to = Math.min(s.to, chart.range.to);
      for (
        let t = floorToTimeframe(Math.max(s.from, chart.range.from), resolution);
        t < to;
        t = nextBarStart(t, resolution)
      )
        if (!slots.has(t)) slots.set(t, color);
    }
  };
  if (selection) paint([selection], CHART_COLORS.selection);
  paint(chart.gaps, CHART_COLORS.gap);
  paint(chart.checkedEmpty, CHART_COLORS.empty);
  const shade = [...slots.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, color]) => ({ time: sec(t), value: 1, color }));
  const have = new Set(bars.ts);
  const markers: SeriesMarker<UTCTimestamp>[] = [];
  for (const f of chart.findings) {
    const t = floorToTimeframe(f.from, resolution);
    if (!have.has(t)) continue;
    const low = f.field === 'low';
    markers.push({
      id: findingId(f),
      time: sec(t),
      position: low ? 'belowBar' : 'aboveBar',
      shape: low ? 'arrowUp' : 'arrowDown',
      color: f.check === 'impossible' ? CHART_COLORS.impossible : CHART_COLORS.finding,
      text: checkWords(f.check),
    });
  }
  markers.sort((a, b) => a.time - b.time);
  return { candles, line, volume, shade, markers };
}
