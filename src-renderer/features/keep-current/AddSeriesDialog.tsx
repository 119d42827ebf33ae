import { useState } from 'react';
import { DEFAULT_IBKR_SERIES } from '../../../src-shared/domain/ibkr';
import {
  SEARCH_PROVIDERS,
  type SearchProvider,
  type SymbolRow,
} from '../../../src-shared/domain/job-kinds/keep-current';
import type { Timeframe } from '../../../src-shared/domain/timeframe';
import { api, errorWords } from '../../api/client';
import { useJobsStore } from '../../stores/jobs';
import { useSeriesStore } from '../../stores/series';
import { addErrorText, dateInput } from './words';
import './keep-current.css';
import { DateRangeFields, useDayRange } from '../../lib/DateRangeFields';
import { DialogButton } from '../../lib/DialogButton';
import { ErrorLine } from '../../lib/ErrorLine';
import { Modal } from '../../lib/Modal';
import { ModalFoot } from '../../lib/ModalFoot';
import { SelectField } from '../../lib/SelectField';
import { useAction } from '../../lib/use-action';

const TIMEFRAMES: Timeframe[] = ['1m', '5m', '15m', '30m', '1h', '4h', '1d'];

/** "Add series…": find a provider's symbol and download its history as one job (what `barcat add` does). */
export function AddSeriesDialog() {
  const [provider, setProvider] = useState<SearchProvider>('binance-spot');
  const [query, setQuery] = useState('');
  const [rows, setRows] = useState<SymbolRow[] | null>(null);
  const [picked, setPicked] = useState<SymbolRow | null>(null);
  const [timeframe, setTimeframe] = useState<Timeframe>('1h');
  const days = useDayRange();
  const { from, to } = days;
  const { busy, error, setError, run } = useAction();
  const [started, setStarted] = useState<{ id: string; jobId: string } | null>(null);
  const job = useJobsStore((s) => (started ? s.jobs[started.jobId] : undefined));
  const rowsOf = useSeriesStore((s) =>
    started ? s.series.find((x) => x.id === started.id)?.rows : undefined,
  );

  const reset = () => {
    setRows(null);
    setPicked(null);
    setError(null);
    setStarted(null);
  };

  const search = () =>
    run(async () => {
      const found = await api().searchSymbols({ provider, query });
      setRows(found.symbols);
      setPicked(null);
      if (found.warning) setError(found.warning);
    });

  const fromMs = from === '' ? 'all-history' : dateInput(from);
  const toMs = to === '' ? undefined : dateInput(to);
  const datesOk = fromMs !== null && toMs !== null;

  const start = async () => {
    if (!picked || fromMs === null || toMs === null) return;
    await run(async () => {
      const r = await api().addSeries({
        provider,
        symbol: picked.symbol,
        timeframe,
        from: fromMs,
        ...(toMs !== undefined ? { to: toMs } : {}),
        // Interactive Brokers: the contract picked in the results is the one the series keeps.
        ...(provider === 'ibkr' && picked.conId
          ? { ibkr: { ...DEFAULT_IBKR_SERIES, conId: picked.conId } }
          : {}),
      });
      setStarted(r);
      void useJobsStore.getState().load();
      void useSeriesStore.getState().load();
    }, errorWords(addErrorText));
  };

  return (
    <DialogButton
      text="Add series…"
      testId="add-series-button"
      onOpen={reset}
      dialog={(close) => (
        <Modal
          name="add series"
          testId="add-series-dialog"
          className="add-series"
          onClose={close}
          closeOnEscape
        >
          <div className="add-series-body">
            <form
              className="row"
              onSubmit={(e) => {
                e.preventDefault();
                void search();
              }}
            >
              <select
                aria-label="Provider"
                value={provider}
                onChange={(e) => {
                  setProvider(e.target.value as SearchProvider);
                  setRows(null);
                  setPicked(null);
                }}
              >
                {SEARCH_PROVIDERS.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
              <input
                aria-label="Search symbols"
                placeholder="Symbol or name, e.g. BTC"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
              />
              <button type="submit" disabled={busy}>
                Search
              </button>
            </form>
            {rows && (
              <div className="symbol-list" data-testid="symbol-results">
                {rows.length === 0 && <div className="muted">No symbol matches.</div>}
                {rows.map((r) => (
                  <button
                    type="button"
                    key={r.conId ?? r.symbol}
                    className={`symbol-row${picked === r ? ' picked' : ''}`}
                    data-symbol={r.symbol}
                    onClick={() => setPicked(r)}
                  >
                    <span className="mono">{r.symbol}</span>
                    <span className="muted">{r.name}</span>
                    <span>{r.assetClass}</span>
                    <span>{r.currency ? `${r.exchange} · ${r.currency}` : r.exchange}</span>
                    <span className={r.delisted ? 'badge warn' : 'badge'}>
                      {r.delisted ? `delisted (${r.status})` : r.status}
                    </span>
                  </button>
                ))}
              </div>
            )}
            <div className="row">
              <SelectField<Timeframe>
                label="Timeframe"
                labelClass="field"
                aria-label="Timeframe"
                value={timeframe}
                options={TIMEFRAMES}
                onPick={setTimeframe}
              />
              <DateRangeFields fromLabel="From (empty: all history)" toLabel="To (empty: now)" days={days} />
            </div>
            <ErrorLine text={error} testId="add-series-error" />
            {started && (
              <div className="add-job" data-testid="add-series-job" data-job-state={job?.state ?? 'queued'}>
                {started.id}: {job ? job.state : 'queued'}
                {job?.message ? ` (${job.message})` : ''}
                {job?.state === 'done' && rowsOf !== undefined
                  ? `; ${rowsOf.toLocaleString('en-US')} bars`
                  : ''}
              </div>
            )}
          </div>
          <ModalFoot
            note={
              picked
                ? `${picked.symbol} on ${picked.exchange}, ${timeframe}`
                : 'Pick a symbol from the results'
            }
            action="Add and download"
            testId="add-series-start"
            disabled={busy || !picked || !datesOk || started !== null}
            onAction={start}
          />
        </Modal>
      )}
    />
  );
}
