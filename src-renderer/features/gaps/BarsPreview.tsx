import { useEffect, useState } from 'react';
import type { QueryPreview } from '../../../src-shared/contract';
import { api, errorText } from '../../api/client';
import { formatTs } from '../../lib/format';

const NUM = new Intl.NumberFormat('en-US', { maximumFractionDigits: 8 });

/** The latest stored bars, exactly as a query returns them. */
export function BarsPreview({ id, lastWriteAt }: { id: string; lastWriteAt: number | null }) {
  const [data, setData] = useState<QueryPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: lastWriteAt re-reads after a write to this series
  useEffect(() => {
    let live = true;
    api()
      .queryPreview({ id, limit: 8, fromEnd: true })
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
  }, [id, lastWriteAt]);
  return (
    <div className="bars-preview">
      <div className="section-title">Latest bars</div>
      {error && <div className="error-line">{error}</div>}
      {data && (
        <table className="mini mono">
          <thead>
            <tr>
              {data.columns.map((c) => (
                <th key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r[0]}>
                {r.map((v, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                  <td key={i}>{v === null ? '—' : i === 0 ? formatTs(v) : NUM.format(v)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
