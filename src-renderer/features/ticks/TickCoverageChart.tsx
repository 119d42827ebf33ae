import { useEffect, useState } from 'react';
import type { TickCoverage, TickDay } from '../../../src-shared/domain/ticks';
import { api, errorText } from '../../api/client';
import { ErrorLine } from '../../lib/ErrorLine';
import { formatInt } from '../../lib/format';

const STATE_WORDS: Record<TickDay['state'], string> = {
  ticks: 'ticks',
  gap: 'in session, no ticks (a gap)',
  empty: 'no ticks at the source (checked)',
  closed: 'no session',
};

/**
 * The gap chart of a tick series: one column per UTC day from its first tick to its last, its
 * height the day's ticks (log scale, so quiet days stay visible), coloured by what the day is.
 */
export function TickCoverageChart({ id, version }: { id: string; version: string }) {
  const [cov, setCov] = useState<TickCoverage | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // Reloaded when the table reloads (version), so a backfill or import shows at once.
    void version;
    api()
      .tickCoverage({ id })
      .then(
        (c) => {
          if (!live) return;
          setCov(c);
          setError(null);
        },
        (err: unknown) => {
          if (live) setError(errorText(err));
        },
      );
    return () => {
      live = false;
    };
  }, [id, version]);
  if (error) return <ErrorLine text={error} />;
  if (!cov) return null;
  const top = Math.max(1, ...cov.days.map((d) => d.ticks));
  const count = (s: TickDay['state']) => cov.days.filter((d) => d.state === s).length;
  return (
    <div className="tick-chart" data-testid="tick-coverage" data-id={id}>
      <div className="tick-chart-head">
        <span className="mono">{id}</span>
        <span className="muted" data-testid="tick-coverage-summary">
          {`${formatInt(count('ticks'))} days with ticks, ${formatInt(count('gap'))} gaps, ${formatInt(count('empty'))} checked empty, ${formatInt(count('closed'))} closed (${cov.calendar} calendar)`}
        </span>
      </div>
      <div className="tick-chart-days">
        {cov.days.map((d) => (
          <span
            key={d.date}
            className={`day ${d.state}`}
            data-date={d.date}
            data-state={d.state}
            title={`${d.date}: ${d.state === 'ticks' ? `${formatInt(d.ticks)} tick${d.ticks === 1 ? '' : 's'}` : STATE_WORDS[d.state]}`}
            style={{
              height: d.ticks > 0 ? `${Math.max(8, (100 * Math.log1p(d.ticks)) / Math.log1p(top))}%` : '100%',
            }}
          />
        ))}
      </div>
    </div>
  );
}
