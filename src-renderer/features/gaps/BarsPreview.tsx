import { useCallback, useEffect, useRef, useState } from 'react';
import type { Interval } from '../../../src-shared/domain/range';
import {
  compareTimeframes,
  nominalMs,
  TIMEFRAMES,
  type Timeframe,
} from '../../../src-shared/domain/timeframe';
import { api, errorText } from '../../api/client';
import { ErrorLine } from '../../lib/ErrorLine';
import { formatTs } from '../../lib/format';
import { TableHead } from '../../lib/TableHead';
import { useTimeAxis } from '../../stores/time-axis';
import { type BarsPage, pageAround, pageFrom, pageUntil, type ReadBars } from './bar-pages';

const NUM = new Intl.NumberFormat('en-US', { maximumFractionDigits: 8 });
const PAGE_ROWS = 12;

/** The cell of one value; `complete` (resampled bars) reads as a word, not 1/0. */
function cell(column: string, v: number | null): string {
  if (v === null) return '—';
  if (column === 'ts') return formatTs(v);
  if (column === 'complete') return v ? 'full' : 'partial';
  return NUM.format(v);
}

interface Props {
  id: string;
  timeframe: Timeframe;
  /** The series' first and last bar times; null for an empty series. */
  first: number | null;
  last: number | null;
  lastWriteAt: number | null;
}

/**
 * The bar browser: stored bars exactly as a query returns them, a page at a time, from the latest
 * back through any range (earlier, later, jump to a date); a selection on the charts (a finding, a
 * gap) shows the bars around it, its own rows marked. A coarser timeframe shows the bars resampled on
 * read (UTC buckets), each marked full or partial (a gap inside its bucket).
 */
export function BarsPreview({ id, timeframe, first, last, lastWriteAt }: Props) {
  const selection = useTimeAxis((s) => s.selection);
  const [page, setPage] = useState<BarsPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [jump, setJump] = useState('');
  const [target, setTarget] = useState<Timeframe | ''>('');
  const seq = useRef(0);
  const extent: Interval | null = first === null || last === null ? null : { from: first, to: last + 1 };
  const barMs = nominalMs(target || timeframe);

  const read: ReadBars = useCallback(
    (range, limit, fromEnd) =>
      api().queryPreview({ id, range, limit, fromEnd, ...(target ? { timeframe: target } : {}) }),
    [id, target],
  );
  // Only the newest request shows: a slow page never replaces the one asked for after it.
  const show = useCallback((get: () => Promise<BarsPage>) => {
    const mine = ++seq.current;
    get().then(
      (p) => {
        if (mine !== seq.current) return;
        setPage(p);
        setError(null);
      },
      (err: unknown) => {
        if (mine === seq.current) setError(`Could not read the bars: ${errorText(err)}`);
      },
    );
  }, []);

  const from = extent?.from;
  const to = extent?.to;
  // biome-ignore lint/correctness/useExhaustiveDependencies: lastWriteAt re-reads after a write to this series
  useEffect(() => {
    if (from === undefined || to === undefined) return setPage(null);
    const ext = { from, to };
    if (selection) show(() => pageAround(read, selection.from, ext, barMs, PAGE_ROWS));
    else show(() => pageUntil(read, ext.to, ext, barMs, PAGE_ROWS));
  }, [read, show, from, to, barMs, selection, lastWriteAt]);

  const rowTs = (i: number) => page?.rows[i]?.[0] ?? null;
  const earlier = () => {
    const t = rowTs(0);
    if (extent && t !== null) show(() => pageUntil(read, t, extent, barMs, PAGE_ROWS));
  };
  const later = () => {
    const t = rowTs((page?.rows.length ?? 0) - 1);
    if (extent && t !== null) show(() => pageFrom(read, t + 1, extent, barMs, PAGE_ROWS));
  };
  const latest = () => extent && show(() => pageUntil(read, extent.to, extent, barMs, PAGE_ROWS));
  const goTo = () => {
    const t = Date.parse(`${jump}T00:00:00Z`);
    if (extent && Number.isFinite(t)) show(() => pageFrom(read, t, extent, barMs, PAGE_ROWS));
  };
  const coarser = TIMEFRAMES.filter((t) => compareTimeframes(t, timeframe) > 0);
  const incomplete = page?.columns.includes('complete') ? page.rows.filter((r) => r.at(-1) === 0).length : 0;
  const hit = (ts: number | null) =>
    ts !== null && selection !== null && ts >= selection.from && ts < selection.to;

  return (
    <div className="bars-preview" data-testid="bar-browser">
      <div className="bars-head">
        <span className="section-title">Bars</span>
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
        {incomplete > 0 && (
          <span className="muted" data-testid="bars-incomplete">
            {' '}
            {incomplete} of {page?.rows.length} partial: a gap inside the bucket
          </span>
        )}
        <span className="spacer" />
        <button type="button" disabled={!page?.hasEarlier} onClick={earlier}>
          ◀ Earlier
        </button>
        <button type="button" disabled={!page?.hasLater} onClick={later}>
          Later ▶
        </button>
        <button type="button" onClick={latest}>
          Latest
        </button>
        <input
          type="date"
          aria-label="Jump to date"
          value={jump}
          onChange={(e) => setJump(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && goTo()}
        />
        <button type="button" disabled={!jump} onClick={goTo}>
          Go
        </button>
      </div>
      <ErrorLine text={error} />
      {page && (
        <table className="mini mono" data-testid="bars-table">
          <TableHead columns={page.columns} />
          <tbody>
            {page.rows.map((r) => (
              <tr
                key={r[0]}
                className={
                  [hit(r[0] ?? null) && 'hit', r[6] === 0 && 'partial'].filter(Boolean).join(' ') || undefined
                }
              >
                {r.map((v, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                  <td key={i}>{cell(page.columns[i]!, v)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
