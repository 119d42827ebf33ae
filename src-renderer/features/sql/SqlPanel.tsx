import { useState } from 'react';
import type { CommandOutput } from '../../../src-shared/contract';
import { api, errorText } from '../../api/client';
import { csvText } from './csv-text';
import './sql.css';
import { ErrorLine } from '../../lib/ErrorLine';
import { Modal } from '../../lib/Modal';
import { TableHead } from '../../lib/TableHead';

const ROW_PX = 22;
const VIEW_ROWS = 18;
const MAX_ROWS = 10_000;

/** A small SQL panel: one read-only statement over the catalog, its rows in a windowed table, CSV download. */
export function SqlPanel({ onClose }: { onClose: () => void }) {
  const [sql, setSql] = useState(
    'SELECT venue, symbol, timeframe, count(*) AS bars FROM bars GROUP BY ALL ORDER BY ALL',
  );
  const [answer, setAnswer] = useState<CommandOutput<'runSql'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [top, setTop] = useState(0);
  const run = async () => {
    setError(null);
    try {
      setAnswer(await api().runSql({ sql, maxRows: MAX_ROWS }));
      setTop(0);
    } catch (err) {
      setAnswer(null);
      setError(errorText(err));
    }
  };
  const download = () => {
    if (!answer) return;
    const url = URL.createObjectURL(new Blob([csvText(answer.columns, answer.rows)], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'barcat-sql.csv';
    a.click();
    URL.revokeObjectURL(url);
  };
  // Only the rows in view are rendered; spacers keep the scroll height of all of them.
  const first = Math.floor(top / ROW_PX);
  const shown = answer ? answer.rows.slice(first, first + VIEW_ROWS + 2) : [];
  return (
    <Modal name="SQL" title="SQL over the catalog" testId="sql-panel" className="wide" onClose={onClose}>
      <div className="pad sql-body">
        <div className="muted">
          Read-only (DuckDB): the view <code>bars</code> holds every series with venue, symbol and timeframe
          columns; each series is also a view named by its id, e.g. <code>"BINANCE:BTCUSDT:1m"</code>.
        </div>
        <textarea
          className="mono"
          rows={4}
          value={sql}
          onChange={(e) => setSql(e.target.value)}
          data-testid="sql-text"
        />
        <div className="sql-actions">
          <button type="button" className="primary" onClick={() => void run()} data-testid="sql-run">
            Run
          </button>
          <button type="button" onClick={download} disabled={!answer} data-testid="sql-download">
            Download CSV
          </button>
          {answer && (
            <span className="muted" data-testid="sql-count">
              {answer.rows.length.toLocaleString('en-US')} rows
              {answer.truncated ? ` (first ${MAX_ROWS.toLocaleString('en-US')})` : ''}
            </span>
          )}
        </div>
        <ErrorLine text={error} testId="sql-error" />
        {answer && (
          <div
            className="sql-result mono"
            style={{ height: ROW_PX * VIEW_ROWS }}
            onScroll={(e) => setTop(e.currentTarget.scrollTop)}
          >
            <table>
              <TableHead columns={answer.columns} />
              <tbody>
                <tr style={{ height: first * ROW_PX }} />
                {shown.map((row, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a row's place in the fixed answer is its identity
                  <tr key={first + i} style={{ height: ROW_PX }}>
                    {row.map((v, j) => (
                      <td key={answer.columns[j]}>{v === null ? '' : String(v)}</td>
                    ))}
                  </tr>
                ))}
                <tr style={{ height: Math.max(0, answer.rows.length - first - shown.length) * ROW_PX }} />
              </tbody>
            </table>
          </div>
        )}
      </div>
    </Modal>
  );
}
