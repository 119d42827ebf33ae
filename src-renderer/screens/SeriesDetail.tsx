import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { PROVIDER_NAMES, type ProviderName } from '../../src-shared/domain/job';
import type { Interval } from '../../src-shared/domain/range';
import { ApiError, api, errorText } from '../api/client';
import { PricePanel } from '../features/chart/PricePanel';
import { BarsPreview } from '../features/gaps/BarsPreview';
import { CalendarStat } from '../features/gaps/CalendarStat';
import { COLORS } from '../features/gaps/gap-colors';
import { RenameSeries } from '../features/gaps/RenameSeries';
import { NotifyToggle } from '../features/health/NotifyToggle';
import { UpdateSeries } from '../features/keep-current/UpdateSeries';
import { SeriesSchedule } from '../features/schedules/SeriesSchedule';
import { QualityFixes } from '../features/series-admin/QualityFixes';
import { SeriesHistory } from '../features/series-admin/SeriesHistory';
import { TrashView } from '../features/series-admin/TrashView';
import { ErrorLine } from '../lib/ErrorLine';
import { formatDuration, formatInt, formatPct, formatRange, formatTs } from '../lib/format';
import { SelectField } from '../lib/SelectField';
import { useAction } from '../lib/use-action';
import { backfillErrorText, chartTitle, focusRange, sameGap } from '../model/gaps/view';
import { useExportStore } from '../stores/export';
import { useGapsStore, useSelectedGap } from '../stores/gaps';
import { useJobsStore } from '../stores/jobs';
import { useSeriesStore } from '../stores/series';
import { useTimeAxis } from '../stores/time-axis';
import '../features/gaps/gaps.css';
import { IbkrSeriesSettings } from '../features/gaps/IbkrSeriesSettings';

// recharts (most of the gap chart's weight) loads with the first series shown, not with the app.
const GapChartView = lazy(() =>
  import('../features/gaps/GapChartView').then((m) => ({ default: m.GapChartView })),
);

// The gap chart's box while its answer or its code loads: the price chart below keeps its place when
// the gap chart draws (it drew late and pushed the price chart down under the pointer).
const GAP_CHART_PENDING = <div className="chart-box pending" data-testid="gap-chart-pending" />;

// Rows drawn at first; the rest on request, so a ragged series opens as fast as a clean one.
const GAP_ROWS = 50;

export function SeriesDetail() {
  const selectedId = useSeriesStore((s) => s.selectedId);
  const summary = useSeriesStore((s) => s.series.find((x) => x.id === s.selectedId));
  const { show, setWidth } = useGapsStore();
  // The backfill buttons' action: kept here so a series picked afresh clears its error line.
  const action = useAction();
  const { setError } = action;
  const sizer = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void show(selectedId);
    setError(null);
  }, [selectedId, show, setError]);

  useEffect(() => {
    const el = sizer.current;
    if (!el) return;
    // The chart's width, less the detail's padding and the chart's border.
    const observer = new ResizeObserver(() => void setWidth(el.clientWidth - 34));
    observer.observe(el);
    return () => observer.disconnect();
  }, [setWidth]);

  return (
    <div className="detail-wrap" ref={sizer}>
      {selectedId && summary ? (
        <Detail id={selectedId} action={action} />
      ) : (
        <div className="detail detail-empty">
          Select a series to see its coverage and gaps. Use ↑ ↓ in the table to move between series.
          <TrashView />
        </div>
      )}
    </div>
  );
}

interface DetailProps {
  id: string;
  action: ReturnType<typeof useAction>;
}

function Detail({ id: selectedId, action }: DetailProps) {
  const { busy, error: backfillError, setError: setBackfillError, run } = action;
  const summary = useSeriesStore((s) => s.series.find((x) => x.id === selectedId))!;
  const { chart, error, loading, zoom, pan, setRange, selectGap } = useGapsStore();
  const selectedGap = useSelectedGap();
  const [showAll, setShowAll] = useState(false);

  const backfill = (ranges: Interval[] | undefined) =>
    run(
      async () => {
        await api().startBackfill({ id: selectedId, ...(ranges ? { ranges } : {}) });
        useJobsStore.getState().setOpen(true);
      },
      (err) =>
        err instanceof ApiError
          ? backfillErrorText(err.code, err.message, err.wire.details)
          : `Backfill could not start: ${errorText(err)}`,
    );

  const setProvider = async (provider: ProviderName | null) => {
    setBackfillError(null);
    try {
      await api().setSeriesProvider({ id: selectedId, provider });
    } catch (err) {
      setBackfillError(`The provider could not be set: ${errorText(err)}`);
    }
  };

  return (
    <div className="detail" data-testid="series-detail">
      <div className="detail-head">
        <div>
          <h2 className="mono">{summary.id}</h2>
          <div className="stats">
            <Stat label="Rows" value={formatInt(summary.rows)} />
            <Stat
              label="Range"
              value={summary.first === null ? '—' : formatRange(summary.first, summary.last ?? summary.first)}
            />
            <Stat label="Coverage" value={formatPct(summary.coveragePct)} />
            <Stat label="Gaps" value={formatInt(summary.gapCount)} testId="detail-gaps" />
            <Stat label="Missing bars" value={formatInt(summary.missingBars)} />
            <CalendarStat id={summary.id} calendar={summary.calendar} />
            <SelectField
              label="Provider"
              labelClass="stat"
              textClass="stat-label"
              className="mono"
              data-testid="series-provider"
              value={summary.provider ?? ''}
              options={PROVIDER_NAMES}
              onPick={(p) => void setProvider((p || null) as ProviderName | null)}
            >
              <option value="">none</option>
            </SelectField>
          </div>
        </div>
        <div className="actions">
          <button
            type="button"
            className="primary"
            disabled={busy || !selectedGap}
            onClick={() => void backfill(selectedGap ? [selectedGap] : undefined)}
            title={
              selectedGap ? 'Fetch the selected gap from the provider' : 'Click a red gap in the chart first'
            }
          >
            Backfill this gap
          </button>
          <button
            type="button"
            disabled={busy || summary.gapCount === 0}
            onClick={() => void backfill(undefined)}
          >
            Backfill all gaps
          </button>
          {chart && chart.missingBars > 0 && summary.provider && (
            <button
              type="button"
              disabled={busy}
              data-testid="fetch-missing"
              onClick={() => void backfill([chart.range])}
              title={`Fetch the ${formatInt(chart.missingBars)} missing bars of the range shown from ${summary.provider} (one job; what is stored or checked empty is not asked again)`}
            >
              Fetch missing
            </button>
          )}
          <NotifyToggle id={summary.id} />
          <RenameSeries
            id={summary.id}
            venue={summary.venue}
            symbol={summary.symbol}
            timeframe={summary.timeframe}
          />
          <UpdateSeries key={summary.id} ids={[summary.id]} />
          <button
            type="button"
            data-testid="export-series-button"
            title="Export this series; zoom the chart first to export only its range"
            onClick={() =>
              useExportStore.getState().open({ series: [selectedId], range: useTimeAxis.getState().range })
            }
          >
            Export…
          </button>
        </div>
      </div>
      <ErrorLine text={backfillError} />
      {summary.provider === 'ibkr' && summary.ibkr && (
        <IbkrSeriesSettings key={summary.id} id={summary.id} settings={summary.ibkr} />
      )}
      <SeriesSchedule id={summary.id} calendar={summary.calendar} />
      <div className="chart-toolbar">
        <span className="chart-title">{chart ? chartTitle(chart) : loading ? 'Loading…' : ''}</span>
        {chart && (
          <span className="muted mono" data-testid="chart-range">
            {formatRange(chart.range.from, chart.range.to)}
          </span>
        )}
        <span className="spacer" />
        <Legend />
        <div className="btn-group">
          <button type="button" onClick={() => void pan(-0.5)} aria-label="Earlier">
            ◀
          </button>
          <button type="button" onClick={() => void zoom(1 / 2)} aria-label="Zoom in">
            +
          </button>
          <button type="button" onClick={() => void zoom(2)} aria-label="Zoom out">
            −
          </button>
          <button type="button" onClick={() => void pan(0.5)} aria-label="Later">
            ▶
          </button>
          <button type="button" onClick={() => void setRange(null)}>
            All
          </button>
        </div>
      </div>
      <ErrorLine text={error} />
      {chart ? (
        <Suspense fallback={GAP_CHART_PENDING}>
          <GapChartView chart={chart} />
        </Suspense>
      ) : (
        !error && GAP_CHART_PENDING
      )}
      <PricePanel />
      <div className="detail-lower">
        <div className="gap-list">
          <div className="section-title">
            Gaps{' '}
            {chart && chart.gapTotal > chart.gaps.length
              ? `(largest ${chart.gaps.length} of ${formatInt(chart.gapTotal)})`
              : ''}
          </div>
          {chart && chart.gaps.length === 0 && <div className="muted pad">No gaps in this range.</div>}
          <div className="gap-rows" data-testid="gap-list">
            {chart?.gaps.slice(0, showAll ? undefined : GAP_ROWS).map((g) => (
              <button
                type="button"
                key={`${g.from}-${g.to}`}
                className={`gap-row mono${sameGap(selectedGap, g) ? ' selected' : ''}`}
                onClick={() => selectGap(g)}
                onDoubleClick={() => chart.extent && void setRange(focusRange(g, chart.extent))}
              >
                <span>{formatTs(g.from)}</span>
                <span>{formatTs(g.to)}</span>
                <span className="num">{formatDuration(g.to - g.from)}</span>
                <span className="num">{formatInt(g.missingBars)} bars</span>
              </button>
            ))}
            {chart && !showAll && chart.gaps.length > GAP_ROWS && (
              <button type="button" className="ghost" onClick={() => setShowAll(true)}>
                Show all {chart.gaps.length} gaps
              </button>
            )}
          </div>
        </div>
        <BarsPreview
          id={selectedId}
          timeframe={summary.timeframe}
          first={summary.first}
          last={summary.last}
          key={selectedId}
          lastWriteAt={summary.lastWriteAt}
        />
      </div>
      <div className="detail-lower">
        <QualityFixes id={selectedId} lastWriteAt={summary.lastWriteAt} />
        <SeriesHistory id={selectedId} lastWriteAt={summary.lastWriteAt} />
      </div>
    </div>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="stat">
      <span className="stat-label">{label}</span>
      <span className="stat-value mono" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}

function Legend() {
  const items: [string, string][] = [
    ['Covered', COLORS.covered],
    ['Gap', COLORS.gap],
    ['Checked empty', COLORS.empty],
    ['Closed', COLORS.closed],
  ];
  return (
    <div className="legend">
      {items.map(([label, color]) => (
        <span key={label}>
          <span className="dot" style={{ background: color }} />
          {label}
        </span>
      ))}
    </div>
  );
}
