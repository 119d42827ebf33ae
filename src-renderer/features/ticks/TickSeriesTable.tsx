import { memo, useCallback, useMemo, useState } from 'react';
import type { TickSeriesRow } from '../../../src-shared/domain/ticks';
import { ErrorLine } from '../../lib/ErrorLine';
import { formatInt, formatTs } from '../../lib/format';
import { useTickSeriesStore } from '../../stores/ticks';
import { coverageDays } from './coverage';
import { TickCoverageChart } from './TickCoverageChart';
import './ticks.css';

const KIND_HELP = {
  quotes: 'Quote ticks: time, bid, ask (sizes when the file has them)',
  trades: 'Trade ticks: time, price, size (side and trade id when the file has them)',
};

/**
 * Tick series beside the bar series: kind, ticks stored, span, and their days in session without ticks.
 * The rows come from the store, loaded at start and on main's events (app/useEvents.ts), not on mount.
 */
export function TickSeriesTable() {
  const rows = useTickSeriesStore((s) => s.rows);
  const error = useTickSeriesStore((s) => s.error);
  const [picked, setPicked] = useState<string | null>(null);
  const onPick = useCallback((id: string) => setPicked((p) => (p === id ? null : id)), []);
  if (error) return <ErrorLine text={error} />;
  if (rows.length === 0) return null;
  const pickedRow = rows.find((r) => r.id === picked);
  return (
    <section className="tick-pane" data-testid="tick-series">
      <table className="mini tick-table">
        <thead>
          <tr>
            <th>Tick series</th>
            <th>Kind</th>
            <th className="num">Ticks</th>
            <th>First (UTC)</th>
            <th>Last (UTC)</th>
            <th className="num" title="UTC days that hold ticks">
              Days
            </th>
            <th
              className="num"
              title="Days inside the span with a session in the series' calendar and no tick"
            >
              Days without ticks
            </th>
            <th title="One mark per UTC day from the first tick to the last: red is a day in session without ticks">
              Coverage
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <TickRow key={r.id} r={r} picked={r.id === picked} onPick={onPick} />
          ))}
        </tbody>
      </table>
      {pickedRow && (
        <TickCoverageChart
          id={pickedRow.id}
          version={`${pickedRow.ticks}:${pickedRow.last}:${pickedRow.gapDays.length}`}
        />
      )}
    </section>
  );
}

/** One row, memoised with its day strip: a click re-renders the two rows whose pick changed. */
const TickRow = memo(function TickRow({
  r,
  picked,
  onPick,
}: {
  r: TickSeriesRow;
  picked: boolean;
  onPick: (id: string) => void;
}) {
  const days = useMemo(() => coverageDays(r.first, r.last, r.gapDays), [r.first, r.last, r.gapDays]);
  return (
    <tr
      data-testid="tick-row"
      data-id={r.id}
      className={picked ? 'tick-row-picked' : undefined}
      onClick={() => onPick(r.id)}
      title="Click for its coverage by day"
    >
      <td className="mono">
        {r.venue}:{r.symbol}
      </td>
      <td>
        <span className={`badge kind-${r.kind}`} title={KIND_HELP[r.kind]}>
          {r.kind}
        </span>
      </td>
      <td className="num mono" data-testid="tick-count">
        {formatInt(r.ticks)}
      </td>
      <td className="mono">{formatTs(r.first === null ? null : r.first / 1000)}</td>
      <td className="mono">{formatTs(r.last === null ? null : r.last / 1000)}</td>
      <td className="num mono">{formatInt(r.days)}</td>
      <td className="num mono" data-testid="tick-gap-days" title={r.gapDays.join(' ')}>
        {formatInt(r.gapDays.length)}
      </td>
      <td>
        <div className="tick-strip" data-testid="tick-strip">
          {days.map((d) => (
            <span
              key={d.date}
              className={d.gap ? 'gap' : 'seen'}
              title={`${d.date}: ${d.gap ? 'in session, no ticks' : 'ticks, or no session'}`}
            />
          ))}
        </div>
      </td>
    </tr>
  );
});
