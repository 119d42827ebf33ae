import { type RefObject, useEffect, useMemo, useRef, useState } from 'react';
import { BarChart, type PlotArea, usePlotArea, XAxis, YAxis } from 'recharts';
import type { GapChart } from '../../../src-shared/contract';
import { formatDuration, formatInt, formatRange, formatTs } from '../../lib/format';
import { markPainted } from '../../lib/perf';
import {
  axisTicks,
  type ChartRow,
  chartRows,
  gapInBucket,
  STRIP_ORDER,
  stripPaths,
} from '../../model/gaps/view';
import { useGapsStore, useSelectedGap } from '../../stores/gaps';
import { COLORS } from './gap-colors';
import './gaps.css';

interface TipProps {
  active?: boolean;
  label?: string | number;
  rows: readonly ChartRow[];
  chart: GapChart;
}

function ChartTip({ active, label, rows, chart }: TipProps) {
  const row = active && label !== undefined ? rows[Number(label)] : undefined;
  if (!row) return null;
  const gap = row.missingBars > 0 ? gapInBucket(chart.gaps, row.from, row.to) : null;
  return (
    <div className="tip">
      <div className="tip-title mono">{formatRange(row.from, row.to)}</div>
      <div className="tip-row">
        <span className="dot" style={{ background: COLORS.covered }} /> covered{' '}
        {Math.round(row.covered * 100)}%
      </div>
      {row.missingBars > 0 && (
        <div className="tip-row">
          <span className="dot" style={{ background: COLORS.gap }} /> missing{' '}
          <b className="mono">{formatInt(row.missingBars)}</b> bars
        </div>
      )}
      {row.empty > 0 && (
        <div className="tip-row">
          <span className="dot" style={{ background: COLORS.empty }} /> checked, no data at source
        </div>
      )}
      {row.closed > 0 && (
        <div className="tip-row">
          <span className="dot" style={{ background: COLORS.closed }} /> market closed
        </div>
      )}
      {gap && (
        <div className="tip-gap mono">
          gap {formatTs(gap.from)} → {formatTs(gap.to)} · {formatInt(gap.missingBars)} bars ·{' '}
          {formatDuration(gap.to - gap.from)}
          <div className="tip-hint">click to select</div>
        </div>
      )}
    </div>
  );
}

const MARGIN = { top: 8, right: 8, bottom: 0, left: 8 };
/** Average width of one character of an 11px axis label (digits, dashes, colon) in a sans font. */
const LABEL_CHAR_PX = 6.2;

const NO_DATA: never[] = [];

interface AxisTickProps {
  x?: number | string;
  y?: number | string;
  payload?: { value?: unknown };
}

/** A plain SVG label: recharts' own <Text> measures every label's words in the DOM to wrap them. */
function axisTick(label: (value: number) => string) {
  return ({ x, y, payload }: AxisTickProps) => (
    <text x={x} y={y} dy="0.71em" textAnchor="middle" fill="#8b95a5" fontSize={11}>
      {label(Number(payload?.value))}
    </text>
  );
}

/**
 * The buckets drawn as one SVG path per state (four elements in all, however many buckets), inside
 * the chart's plot area; recharts lays out the plot area and draws the axis around it.
 */
function CoverageStrip({
  rows,
  plotRef,
}: {
  rows: readonly ChartRow[];
  plotRef: RefObject<PlotArea | null>;
}) {
  const plot = usePlotArea();
  // The pointer handlers map positions to buckets with the same plot area the strip is drawn in.
  plotRef.current = plot ?? null;
  const { x = 0, y = 0, width = 0, height = 0 } = plot ?? {};
  // Recharts renders its children several times per draw; the paths only change with rows or size.
  const paths = useMemo(() => stripPaths(rows, { x, y, width, height }), [rows, x, y, width, height]);
  if (!plot || rows.length === 0) return null;
  return (
    <g className="coverage-strip">
      {STRIP_ORDER.map((key) => (
        <path key={key} className={`coverage-${key}`} d={paths[key]} fill={COLORS[key]} />
      ))}
    </g>
  );
}

interface SpanProps {
  /** First bucket and one past the last, as indices. */
  span: { x1: number; x2: number };
  count: number;
  fill: string;
  fillOpacity: number;
  stroke?: string;
}

/** A highlight over whole buckets (hover, selected gap), drawn in the plot area like the strip. */
function BucketSpan({ span, count, fill, fillOpacity, stroke }: SpanProps) {
  const plot = usePlotArea();
  if (!plot || count === 0) return null;
  const w = plot.width / count;
  return (
    <rect
      className="bucket-span"
      x={plot.x + span.x1 * w}
      y={plot.y}
      width={Math.max(1, (span.x2 - span.x1) * w)}
      height={plot.height}
      fill={fill}
      fillOpacity={fillOpacity}
      stroke={stroke}
      strokeOpacity={0.9}
      pointerEvents="none"
    />
  );
}

/** Where the pointer is, as a bucket index, or null outside the plot area. */
function bucketAt(
  svg: Element | null | undefined,
  plot: PlotArea | null,
  count: number,
  x: number,
  y: number,
) {
  if (!svg || !plot || count === 0) return null;
  const rect = svg.getBoundingClientRect();
  const px = x - rect.left - plot.x;
  const py = y - rect.top - plot.y;
  if (px < 0 || px >= plot.width || py < 0 || py > plot.height) return null;
  return Math.min(count - 1, Math.floor((px / plot.width) * count));
}

/**
 * The coverage timeline: one stacked bar per bucket computed in main; wheel zooms, drag pans. The
 * chart gets no per-bucket data: a numeric x axis over bucket indices, with ticks chosen here, keeps
 * recharts' work independent of the bucket count (its selectors, tick measuring and tooltip index
 * over hundreds of rows were most of the draw time). Hover and click map the pointer to a bucket here.
 */
export function GapChartView({ chart }: { chart: GapChart }) {
  const zoom = useGapsStore((s) => s.zoom);
  const pan = useGapsStore((s) => s.pan);
  const selectGap = useGapsStore((s) => s.selectGap);
  const selectedGap = useSelectedGap();
  const width = useGapsStore((s) => s.width);
  const rows = useMemo(() => chartRows(chart.buckets), [chart]);
  const withTime = chart.bucketMs < 86_400_000 * 2;
  const ticks = useMemo(() => {
    const label = rows[0] ? formatTs(rows[0].from, withTime).length * LABEL_CHAR_PX : 0;
    // Tick values are bucket centres, so each label sits under its bucket.
    return axisTicks(rows.length, width - MARGIN.left - MARGIN.right, label).map((i) => i + 0.5);
  }, [rows, width, withTime]);
  const tick = useMemo(
    () =>
      axisTick((v) => {
        const row = rows[Math.floor(v)];
        return row ? formatTs(row.from, withTime) : '';
      }),
    [rows, withTime],
  );
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<PlotArea | null>(null);
  const drag = useRef<{ x: number; moved: boolean } | null>(null);
  const dragged = useRef(false);
  const [hoverIndex, setHoverIndex] = useState<number | null>(null);
  const [pointerX, setPointerX] = useState(0);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rect = el.getBoundingClientRect();
      void zoom(e.deltaY > 0 ? 1.6 : 1 / 1.6, (e.clientX - rect.left) / rect.width);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [zoom]);

  useEffect(() => {
    if (chart) markPainted('barcat:gap-chart-painted');
  }, [chart]);

  const selectedSpan = useMemo(() => {
    if (!selectedGap) return null;
    const first = rows.findIndex((r) => r.to > selectedGap.from);
    let last = -1;
    for (let i = rows.length - 1; i >= 0; i--)
      if (rows[i]!.from < selectedGap.to) {
        last = i;
        break;
      }
    return first >= 0 && last >= first ? { x1: first, x2: last + 1 } : null;
  }, [rows, selectedGap]);

  const bucketOf = (e: React.MouseEvent) =>
    bucketAt(
      box.current?.querySelector('svg.recharts-surface'),
      plot.current,
      rows.length,
      e.clientX,
      e.clientY,
    );

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: drag to pan; the buttons above do the same by keyboard
    // biome-ignore lint/a11y/useKeyWithClickEvents: the gap list below selects gaps by keyboard
    <div
      className="chart-box"
      ref={box}
      data-testid="gap-chart"
      onMouseDown={(e) => {
        drag.current = { x: e.clientX, moved: false };
        dragged.current = false;
      }}
      onMouseMove={(e) => {
        if (drag.current && Math.abs(e.clientX - drag.current.x) > 4) drag.current.moved = true;
        const rect = box.current?.getBoundingClientRect();
        if (rect) setPointerX(e.clientX - rect.left);
        setHoverIndex(bucketOf(e));
      }}
      onMouseLeave={() => setHoverIndex(null)}
      onMouseUp={(e) => {
        const d = drag.current;
        drag.current = null;
        dragged.current = d?.moved ?? false;
        if (!d?.moved || !box.current) return;
        void pan(-(e.clientX - d.x) / box.current.clientWidth);
      }}
      onClick={(e) => {
        if (dragged.current) return;
        const row = rows[bucketOf(e) ?? -1];
        if (!row) return;
        selectGap(row.missingBars > 0 ? gapInBucket(chart.gaps, row.from, row.to) : null);
      }}
    >
      <BarChart width={width} height={140} data={NO_DATA} margin={MARGIN}>
        <XAxis
          type="number"
          dataKey="i"
          domain={[0, rows.length]}
          allowDataOverflow
          ticks={ticks}
          interval={0}
          niceTicks="none"
          tick={tick}
          stroke="#333a46"
        />
        <YAxis hide domain={[0, 1]} niceTicks="none" />
        <CoverageStrip rows={rows} plotRef={plot} />
        {hoverIndex !== null && (
          <BucketSpan
            span={{ x1: hoverIndex, x2: hoverIndex + 1 }}
            count={rows.length}
            fill="#ffffff"
            fillOpacity={0.18}
          />
        )}
        {selectedSpan && (
          <BucketSpan
            span={selectedSpan}
            count={rows.length}
            fill="#f5c451"
            fillOpacity={0.25}
            stroke="#f5c451"
          />
        )}
      </BarChart>
      {hoverIndex !== null && rows[hoverIndex] && (
        <div className="tip-float" style={{ left: Math.min(pointerX + 14, Math.max(0, width - 380)) }}>
          <ChartTip active label={hoverIndex} rows={rows} chart={chart} />
        </div>
      )}
    </div>
  );
}
