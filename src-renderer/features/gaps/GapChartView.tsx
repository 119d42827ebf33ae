import { useEffect, useMemo, useRef, useState } from 'react';
import { BarChart, ReferenceArea, Tooltip, usePlotArea, XAxis, YAxis } from 'recharts';
import type { GapChart } from '../../../src-shared/contract';
import { formatDuration, formatInt, formatRange, formatTs } from '../../lib/format';
import { markPainted } from '../../lib/perf';
import { useGapsStore } from '../../stores/gaps';
import { type ChartRow, chartRows, gapInBucket } from './view';

export const COLORS = { covered: '#2fa57c', gap: '#e5484d', empty: '#5b7fb8', closed: '#39404d' };

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

const ORDER = ['covered', 'empty', 'closed', 'gap'] as const;

/**
 * The buckets drawn as one SVG path per state (four elements in all, however many buckets), inside
 * the chart's plot area; recharts draws the axis, tooltip and selection around it.
 */
function CoverageStrip({ rows }: { rows: readonly ChartRow[] }) {
  const plot = usePlotArea();
  if (!plot || rows.length === 0) return null;
  const w = plot.width / rows.length;
  const paths: Record<(typeof ORDER)[number], string[]> = { covered: [], empty: [], closed: [], gap: [] };
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const x = (plot.x + i * w).toFixed(2);
    // Overlap the next bucket by half a pixel so no anti-aliased seams show between buckets.
    const width = (w + 0.5).toFixed(2);
    let bottom = plot.y + plot.height;
    for (const key of ORDER) {
      const h = row[key] * plot.height;
      if (h <= 0) continue;
      bottom -= h;
      paths[key].push(`M${x} ${bottom.toFixed(2)}h${width}v${h.toFixed(2)}h-${width}z`);
    }
  }
  return (
    <g className="coverage-strip">
      {ORDER.map((key) => (
        <path key={key} className={`coverage-${key}`} d={paths[key].join('')} fill={COLORS[key]} />
      ))}
    </g>
  );
}

/** The coverage timeline: one stacked bar per bucket computed in main; wheel zooms, drag pans. */
export function GapChartView({ chart }: { chart: GapChart }) {
  const { zoom, pan, selectGap, selectedGap, width } = useGapsStore();
  const rows = useMemo(() => chartRows(chart.buckets), [chart]);
  const box = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; moved: boolean } | null>(null);
  // Our own tooltip: recharts' needs a graphical item per bucket, which is what CoverageStrip avoids.
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
    return first >= 0 && last >= first ? { x1: first, x2: last } : null;
  }, [rows, selectedGap]);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: drag to pan; the buttons above do the same by keyboard
    <div
      className="chart-box"
      ref={box}
      data-testid="gap-chart"
      onMouseDown={(e) => {
        drag.current = { x: e.clientX, moved: false };
      }}
      onMouseMove={(e) => {
        if (drag.current && Math.abs(e.clientX - drag.current.x) > 4) drag.current.moved = true;
        const rect = box.current?.getBoundingClientRect();
        if (rect) setPointerX(e.clientX - rect.left);
      }}
      onMouseLeave={() => setHoverIndex(null)}
      onMouseUp={(e) => {
        const d = drag.current;
        drag.current = null;
        if (!d?.moved || !box.current) return;
        void pan(-(e.clientX - d.x) / box.current.clientWidth);
      }}
    >
      <BarChart
        width={width}
        height={140}
        data={rows}
        barCategoryGap={0}
        barGap={0}
        margin={{ top: 8, right: 8, bottom: 0, left: 8 }}
        onMouseMove={(state) => {
          const index = Number(state?.activeTooltipIndex ?? -1);
          setHoverIndex(index >= 0 && index < rows.length ? index : null);
        }}
        onMouseLeave={() => setHoverIndex(null)}
        onClick={(state) => {
          if (drag.current?.moved) return;
          const index = Number(state?.activeTooltipIndex ?? state?.activeIndex ?? -1);
          const row = rows[index];
          if (!row) return;
          selectGap(row.missingBars > 0 ? gapInBucket(chart.gaps, row.from, row.to) : null);
        }}
      >
        <XAxis
          dataKey="i"
          tickFormatter={(i: number) =>
            rows[i] ? formatTs(rows[i].from, chart.bucketMs < 86_400_000 * 2) : ''
          }
          minTickGap={60}
          tick={{ fill: '#8b95a5', fontSize: 11 }}
          stroke="#333a46"
        />
        <YAxis hide domain={[0, 1]} />
        <Tooltip content={() => null} cursor={{ fill: 'rgba(255,255,255,0.08)' }} isAnimationActive={false} />
        <CoverageStrip rows={rows} />
        {hoverIndex !== null && (
          <ReferenceArea
            x1={hoverIndex}
            x2={hoverIndex}
            fill="#ffffff"
            fillOpacity={0.12}
            ifOverflow="visible"
          />
        )}
        {selectedSpan && (
          <ReferenceArea
            x1={selectedSpan.x1}
            x2={selectedSpan.x2}
            fill="#f5c451"
            fillOpacity={0.25}
            stroke="#f5c451"
            strokeOpacity={0.9}
            ifOverflow="visible"
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
