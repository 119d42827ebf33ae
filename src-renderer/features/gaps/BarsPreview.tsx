import { useEffect, useState } from 'react';
import type { QueryPreview } from '../../../src-shared/contract';
import { compareTimeframes, TIMEFRAMES, type Timeframe } from '../../../src-shared/domain/timeframe';
import { api, errorText } from '../../api/client';
import { formatTs } from '../../lib/format';

const NUM = new Intl.NumberFormat('en-US', { maximumFractionDigits: 8 });

/** The cell of one value; `complete` (resampled bars) reads as a word, not 1/0. */
function cell(column: string, v: number | null): string {
  if (v === null) return '—';
  if (column === 'ts') return formatTs(v);
  if (column === 'complete') return v ? 'full' : 'partial';
  return NUM.format(v);
}

/**
 * The latest stored bars, exactly as a query returns them, or resampled on read to a coarser
 * timeframe (UTC buckets), each marked full or partial (a gap inside its bucket).
 */
export function BarsPreview({
  id,
  timeframe,
  lastWriteAt,
}: {
  id: string;
  timeframe: Timeframe;
  lastWriteAt: number | null;
}) {
  const [data, setData] = useState<QueryPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [target, setTarget] = useState<Timeframe | ''>('');
  // biome-ignore lint/correctness/useExhaustiveDependencies: lastWriteAt re-reads after a write to this series
  useEffect(() => {
    let live = true;
    api()
      .queryPreview({ id, limit: 8, fromEnd: true, ...(target ? { timeframe: target } : {}) })
      .then(
        (d) => {
          if (!live) return;
          setData(d);
          setError(null);
        },
        (err: unknown) => {
          if (live) setError(`Could not read the bars: ${errorText(err)}`);
        },
      );
    return () => {
      live = false;
    };
  }, [id, lastWriteAt, target]);
  const coarser = TIMEFRAMES.filter((t) => compareTimeframes(t, timeframe) > 0);
  return (
    <div className="bars-preview">
      <div className="section-title">
        Latest bars{' '}
        <select
          value={target}
          onChange={(e) => setTarget(e.target.value as Timeframe | '')}
          aria-label="Bars timeframe"
          data-testid="bars-timeframe"
        >
          <option value="">{timeframe} (stored)</option>
          {coarser.map((t) => (
            <option key={t} value={t}>
              {t} (resampled)
            </option>
          ))}
        </select>
        {data?.incomplete ? (
          <span className="muted" data-testid="bars-incomplete">
            {' '}
            {data.incomplete} of {data.rows.length} partial: a gap inside the bucket
          </span>
        ) : null}
      </div>
      {error && <div className="error-line">{error}</div>}
      {data && (
        <table className="mini mono" data-testid="bars-table">
          <thead>
            <tr>
              {data.columns.map((c) => (
                <th key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r[0]} className={r[6] === 0 ? 'partial' : undefined}>
                {r.map((v, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                  <td key={i}>{cell(data.columns[i]!, v)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
