import { lazy, Suspense } from 'react';
import { ErrorLine } from '../../lib/ErrorLine';
import { formatInt, formatTs } from '../../lib/format';
import { checkWords, findingId, resolutionWords } from '../../model/chart/view';
import { usePriceChartStore } from '../../stores/price-chart';
import { useTimeAxis } from '../../stores/time-axis';
import './chart.css';

const MODES = [
  ['candles', 'Candles'],
  ['line', 'Line'],
] as const;
const SCORE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** The price chart with its toolbar and the findings in view; clicking one zooms to it. */
// lightweight-charts loads with the first series shown, not with the app.
const PriceChartView = lazy(() => import('./PriceChartView').then((m) => ({ default: m.PriceChartView })));

export function PricePanel() {
  const { chart, loading, error, mode, setMode, focusFinding } = usePriceChartStore();
  const selection = useTimeAxis((s) => s.selection);
  return (
    <div className="price-panel">
      <div className="chart-toolbar">
        <span className="chart-title">Prices</span>
        {chart && (
          <span className="muted mono" data-testid="price-resolution">
            {resolutionWords(chart, formatInt(chart.bars.ts.length))}
          </span>
        )}
        {loading && <span className="muted">Loading…</span>}
        <span className="spacer" />
        <div className="btn-group">
          {MODES.map(([m, label]) => (
            <button
              type="button"
              key={m}
              className={mode === m ? 'active' : ''}
              aria-pressed={mode === m}
              onClick={() => setMode(m)}
            >
              {label}
            </button>
          ))}
        </div>
      </div>
      <ErrorLine text={error} />
      <Suspense fallback={null}>
        <PriceChartView />
      </Suspense>
      <div className="section-title">
        Findings{' '}
        {chart
          ? chart.qualityCheckedAt === null
            ? '(not checked yet)'
            : `in view: ${formatInt(chart.findingTotal)}`
          : ''}
      </div>
      <div className="finding-rows" data-testid="finding-list">
        {chart?.findings.map((f) => {
          const picked = selection !== null && selection.from === f.from && selection.to === f.to;
          return (
            <button
              type="button"
              key={findingId(f)}
              className={`finding-row mono${picked ? ' selected' : ''}`}
              onClick={() => focusFinding(f)}
            >
              <span className="finding-check">{checkWords(f.check)}</span>
              <span>{formatTs(f.from)}</span>
              <span>{f.field ?? ''}</span>
              <span className="num">{f.bars === 1 ? '1 bar' : `${formatInt(f.bars)} bars`}</span>
              <span className="num">{f.score === undefined ? '' : `score ${SCORE.format(f.score)}`}</span>
            </button>
          );
        })}
      </div>
    </div>
  );
}
