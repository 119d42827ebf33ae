import { useCallback, useEffect, useState } from 'react';
import type { FindingView, RefetchComparison } from '../../../src-shared/domain/series-views/findings';
import { api } from '../../api/client';
import { ErrorLine } from '../../lib/ErrorLine';
import { formatInt, formatTs } from '../../lib/format';
import { adminErrorText, checkText } from './words';

type Values = RefetchComparison['rows'][number]['catalog'];

const sideText = (v: Values) => (v ? `${v.open} / ${v.high} / ${v.low} / ${v.close} / ${v.volume}` : '—');

/** The series' quality findings, each with Review (a note), Drop (undoable) and Re-fetch & compare. */
export function QualityFixes({ id, lastWriteAt }: { id: string; lastWriteAt: number | null }) {
  const [findings, setFindings] = useState<FindingView[] | null>(null);
  const [open, setOpen] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [reviewing, setReviewing] = useState<{ findingId: string; note: string } | null>(null);
  const [comparison, setComparison] = useState<RefetchComparison | null>(null);

  const load = useCallback(async () => {
    try {
      const r = await api().seriesFindings({ id });
      setFindings(r.findings);
      setOpen(r.open);
    } catch (err) {
      setError(adminErrorText('The quality findings could not be read', err));
    }
  }, [id]);

  useEffect(() => {
    void lastWriteAt;
    void load();
  }, [load, lastWriteAt]);

  const run = async (
    what: string,
    fn: () => Promise<{ findings: FindingView[]; open: number } | undefined>,
  ) => {
    setBusy(true);
    setError(null);
    try {
      const r = await fn();
      if (r) {
        setFindings(r.findings);
        setOpen(r.open);
      }
    } catch (err) {
      setError(adminErrorText(what, err));
      await load();
    } finally {
      setBusy(false);
    }
  };

  if (findings === null) return null;
  return (
    <div className="quality-fixes" data-testid="quality-fixes">
      <div className="section-title">
        Quality findings{' '}
        <span className="muted">
          ({formatInt(open)} open
          {findings.length > open ? `, ${formatInt(findings.length - open)} reviewed` : ''})
        </span>
      </div>
      <ErrorLine text={error} />
      {findings.length === 0 && <div className="muted pad">No findings: the bars look right.</div>}
      <table className="history-table">
        <tbody data-testid="finding-rows">
          {findings.map((f) => (
            <tr key={f.id} data-finding={f.id} data-check={f.check} className={f.status}>
              <td>{checkText(f.check)}</td>
              <td className="mono">
                {formatTs(f.from)}
                {f.bars > 1 ? ` (${formatInt(f.bars)} bars)` : ''}
              </td>
              <td>{f.status === 'reviewed' ? <span className="muted">Reviewed: {f.note}</span> : null}</td>
              <td className="row-actions">
                {f.status === 'reviewed' ? (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() =>
                      void run('The review could not be taken back', () =>
                        api().unreviewFinding({ id, findingId: f.id }),
                      )
                    }
                  >
                    Reopen
                  </button>
                ) : (
                  <>
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => setReviewing({ findingId: f.id, note: '' })}
                    >
                      Review
                    </button>
                    <button
                      type="button"
                      disabled={busy}
                      data-testid="drop-finding"
                      onClick={() =>
                        void run('The bars could not be dropped', () =>
                          api().dropFinding({ id, findingId: f.id }),
                        )
                      }
                    >
                      Drop
                    </button>
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() =>
                        void run('The range could not be re-fetched', async () => {
                          setComparison(await api().refetchCompare({ id, findingId: f.id }));
                          return undefined;
                        })
                      }
                    >
                      Re-fetch &amp; compare
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {reviewing && (
        <form
          className="rename-form"
          onSubmit={(e) => {
            e.preventDefault();
            const { findingId, note } = reviewing;
            setReviewing(null);
            void run('The finding could not be marked reviewed', () =>
              api().reviewFinding({ id, findingId, note }),
            );
          }}
        >
          <label className="stat">
            <span className="stat-label">Why are these bars right?</span>
            <input
              data-testid="review-note"
              value={reviewing.note}
              onChange={(e) => setReviewing({ ...reviewing, note: e.target.value })}
            />
          </label>
          <button type="submit" className="primary" disabled={reviewing.note.trim() === ''}>
            Mark reviewed
          </button>
          <button type="button" onClick={() => setReviewing(null)}>
            Cancel
          </button>
        </form>
      )}
      {comparison && (
        <div className="comparison" data-testid="refetch-comparison">
          <div className="section-title">
            {comparison.provider} vs. the catalog: {formatInt(comparison.differing)} of{' '}
            {formatInt(comparison.rows.length)} bars differ
          </div>
          <table className="history-table">
            <thead>
              <tr>
                <th>Time</th>
                <th>Catalog (O / H / L / C / V)</th>
                <th>{comparison.provider} (O / H / L / C / V)</th>
              </tr>
            </thead>
            <tbody>
              {comparison.rows.map((r) => (
                <tr key={r.ts} className={r.differs ? 'differs' : ''}>
                  <td className="mono">{formatTs(r.ts)}</td>
                  <td className="mono">{sideText(r.catalog)}</td>
                  <td className="mono">{sideText(r.provider)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => {
                const { token } = comparison;
                setComparison(null);
                void run("The provider's bars could not be written", () => api().refetchAccept({ token }));
              }}
            >
              Accept {comparison.provider}'s bars
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => {
                const { token } = comparison;
                setComparison(null);
                void run('', async () => {
                  await api().refetchDiscard({ token });
                  return undefined;
                });
              }}
            >
              Discard
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
