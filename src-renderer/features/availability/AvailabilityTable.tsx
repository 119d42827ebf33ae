// biome-ignore-all lint/a11y/useSemanticElements: a virtualized ARIA grid of divs; <table> cannot window 10,000 rows
// biome-ignore-all lint/a11y/useFocusableInteractive: rows are reached through the grid's keyboard handler
// biome-ignore-all lint/a11y/noStaticElementInteractions: rows are grid rows, selected by click or arrow keys
// biome-ignore-all lint/a11y/useKeyWithClickEvents: keys are handled once on the grid body
// biome-ignore-all lint/a11y/noNoninteractiveTabindex: the grid body takes focus for keyboard navigation
import { type CSSProperties, type KeyboardEvent, memo, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SeriesSummary } from '../../../src-shared/domain/series-views/availability';
import type { HealthProblem } from '../../../src-shared/domain/series-views/health';
import { formatBytes, formatInt, formatPct, formatTs } from '../../lib/format';
import { markPainted } from '../../lib/perf';
import {
  filterSeries,
  moveIndex,
  type SortKey,
  sortSeries,
  visibleWindow,
} from '../../model/availability/view';
import { useSeriesStore } from '../../stores/series';
import { badgeLabel, healthProblemText } from './health-words';
import './availability.css';

const ROW_HEIGHT = 30;
// The rows rendered move in steps of this many rows: a scroll inside a step renders nothing (the
// browser only scrolls what is painted); each step renders its rows once (bench/ui-frames.bench.ts).
const STEP_ROWS = 8;
const OVERSCAN = 4;

interface Column {
  key: SortKey;
  label: string;
  /** The header's tooltip: what the column means. */
  title: string;
  /** Narrowest width that still shows the whole value (a 1024 px window), and the widest. */
  width: [min: string, max: string];
  numeric?: boolean;
  render(s: SeriesSummary): string;
}

const COLUMNS: Column[] = [
  {
    key: 'venue',
    label: 'Venue',
    title: 'Exchange, broker or vendor the bars come from',
    width: ['72px', '110px'],
    render: (s) => s.venue,
  },
  {
    key: 'symbol',
    label: 'Symbol',
    title: 'Instrument symbol at that venue',
    width: ['72px', '1.2fr'],
    render: (s) => s.symbol,
  },
  {
    key: 'timeframe',
    label: 'TF',
    title: 'Timeframe: the span of one bar (1m = one minute, 1d = one day)',
    width: ['36px', '54px'],
    render: (s) => s.timeframe,
  },
  {
    key: 'first',
    label: 'First',
    title: 'Open time of the first bar (UTC)',
    width: ['118px', '140px'],
    numeric: true,
    render: (s) => formatTs(s.first),
  },
  {
    key: 'last',
    label: 'Last',
    title: 'Open time of the last bar (UTC)',
    width: ['118px', '140px'],
    numeric: true,
    render: (s) => formatTs(s.last),
  },
  {
    key: 'rows',
    label: 'Rows',
    title: 'Bars stored',
    width: ['64px', '96px'],
    numeric: true,
    render: (s) => formatInt(s.rows),
  },
  {
    key: 'bytes',
    label: 'Size',
    title: 'Size of its Parquet files on disk',
    width: ['56px', '80px'],
    numeric: true,
    render: (s) => formatBytes(s.bytes),
  },
  {
    key: 'coveragePct',
    label: 'Coverage',
    title: "Share of the calendar's trading time from first to last bar that has bars",
    width: ['80px', '120px'],
    numeric: true,
    render: (s) => formatPct(s.coveragePct),
  },
  {
    key: 'gapCount',
    label: 'Gaps',
    title: 'Missing ranges inside trading time, between the first and the last bar',
    width: ['44px', '64px'],
    numeric: true,
    render: (s) => formatInt(s.gapCount),
  },
  {
    key: 'checkedEmptyCount',
    label: 'Empty',
    title: 'Ranges a provider was asked for and had no bars: checked empty, not counted as gaps',
    width: ['54px', '64px'],
    numeric: true,
    render: (s) => formatInt(s.checkedEmptyCount),
  },
  {
    key: 'qualityFindings',
    label: 'Quality',
    title:
      'Quality findings: spikes, stale runs, zero-volume runs, volume outliers, impossible values, bad timestamps, bars outside sessions, possible corporate actions (barcat quality); – not checked yet',
    width: ['46px', '64px'],
    numeric: true,
    render: (s) => (s.qualityFindings == null ? '–' : formatInt(s.qualityFindings)),
  },
  {
    key: 'lastWriteAt',
    label: 'Last write',
    title: 'When bars of this series were last written (UTC)',
    width: ['118px', '140px'],
    numeric: true,
    render: (s) => formatTs(s.lastWriteAt, true, false),
  },
];

// Wide windows give every column its widest; narrower ones shrink each towards its narrowest, no scrolling.
// Set once on the table (a CSS variable the head and rows read), not as a style on every row.
const GRID = {
  '--grid': COLUMNS.map((c) => `minmax(${c.width[0]}, ${c.width[1]})`).join(' '),
} as CSSProperties;

export function AvailabilityTable() {
  // Only what the table shows: a change elsewhere in the store (loading flags, notify settings) does
  // not re-render 10,000 rows' worth of table.
  const { series, filter, sort, selectedId, select, sortBy, health } = useSeriesStore(
    useShallow((st) => ({
      series: st.series,
      filter: st.filter,
      sort: st.sort,
      selectedId: st.selectedId,
      select: st.select,
      sortBy: st.sortBy,
      health: st.health,
    })),
  );
  const rows = useMemo(
    () =>
      sortSeries(
        filterSeries(series, filter, (id) => id in health),
        sort,
      ),
    [series, filter, sort, health],
  );
  const scroller = useRef<HTMLDivElement>(null);
  // The scroll position rounded down to a step: React bails out while it stays the same.
  const [stepTop, setStepTop] = useState(0);
  const [viewport, setViewport] = useState(600);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (series.length > 0) markPainted('barcat:table-painted');
  }, [series]);

  // Rows for the whole step: from its top to a viewport and a step below it.
  const { first, last } = visibleWindow(
    stepTop,
    viewport + STEP_ROWS * ROW_HEIGHT,
    ROW_HEIGHT,
    rows.length,
    OVERSCAN,
  );

  const onKey = (e: KeyboardEvent) => {
    const active = rows.findIndex((r) => r.id === selectedId);
    const page = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1);
    const next = moveIndex(active, e.key, rows.length, page);
    if (next === active || next < 0) {
      if (e.key === 'Escape') select(null);
      return;
    }
    e.preventDefault();
    select(rows[next]!.id);
    const el = scroller.current;
    if (!el) return;
    const top = next * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight)
      el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  };

  return (
    <div
      className="table"
      role="grid"
      aria-rowcount={rows.length}
      aria-label="Series availability"
      style={GRID}
    >
      <div className="table-head" role="row">
        {COLUMNS.map((c) => (
          <button
            type="button"
            key={c.key}
            role="columnheader"
            aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
            className={`th${c.numeric ? ' num' : ''}${sort.key === c.key ? ' sorted' : ''}`}
            title={c.title}
            onClick={() => sortBy(c.key)}
          >
            {c.label}
            <span className="sort-mark">{sort.key === c.key ? (sort.dir === 'asc' ? '▲' : '▼') : ''}</span>
          </button>
        ))}
      </div>
      <div
        className="table-body"
        ref={scroller}
        tabIndex={0}
        onKeyDown={onKey}
        onScroll={(e) => {
          const step = STEP_ROWS * ROW_HEIGHT;
          setStepTop(Math.floor(e.currentTarget.scrollTop / step) * step);
        }}
        data-testid="series-table"
      >
        {/* Each row at its own offset: a step adds and drops rows, the others are not moved or repainted. */}
        <div className="table-rows" style={{ height: rows.length * ROW_HEIGHT }}>
          {rows.slice(first, last).map((s, k) => (
            <Row
              key={s.id}
              s={s}
              index={first + k}
              selected={s.id === selectedId}
              problems={health[s.id]}
              select={select}
            />
          ))}
        </div>
        {rows.length === 0 && series.length > 0 && (
          <div className="table-empty">No series match the filters.</div>
        )}
      </div>
    </div>
  );
}

interface RowProps {
  s: SeriesSummary;
  index: number;
  selected: boolean;
  problems: HealthProblem[] | undefined;
  select: (id: string) => void;
}

/**
 * One row, memoised: a scroll step renders only the rows it brings into view, not every visible row
 * again (bench/ui-frames.bench.ts).
 */
const Row = memo(function Row({ s, index, selected, problems, select }: RowProps) {
  return (
    <div
      role="row"
      aria-selected={selected}
      data-series-id={s.id}
      className={`tr${selected ? ' selected' : ''}${index % 2 ? ' odd' : ''}`}
      style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
      onClick={() => select(s.id)}
    >
      {problems && <HealthBadge problems={problems} />}
      {COLUMNS.map((c) =>
        c.key === 'coveragePct' ? (
          <CoverageCell key={c.key} pct={s.coveragePct} />
        ) : (
          <div key={c.key} role="gridcell" className={`td${c.numeric ? ' num' : ''} col-${c.key}`}>
            {c.render(s)}
          </div>
        ),
      )}
    </div>
  );
});

/** The coverage cell: its bar is the cell's ::before (a CSS variable sets the fill), no elements of its own. */
function CoverageCell({ pct }: { pct: number }) {
  const tone = pct >= 99.9 ? 'good' : pct >= 95 ? 'fair' : 'poor';
  return (
    <div
      role="gridcell"
      className={`td num col-coveragePct coverage ${tone}`}
      style={{ '--fill': `${Math.min(100, pct)}%` } as CSSProperties}
    >
      {formatPct(pct)}
    </div>
  );
}

/**
 * Shown on series that need attention: a dot in the row's left margin, so no column gets narrower (the
 * word is its label for screen readers); its tooltip lists every problem.
 */
function HealthBadge({ problems }: { problems: HealthProblem[] }) {
  return (
    <span
      className="health-badge"
      data-testid="health-badge"
      role="img"
      aria-label={badgeLabel(problems)}
      title={problems.map(healthProblemText).join('\n')}
    />
  );
}
