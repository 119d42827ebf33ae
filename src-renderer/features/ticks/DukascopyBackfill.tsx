import { useState } from 'react';
import { api, errorWords } from '../../api/client';
import { DateRangeFields, useDayRange } from '../../lib/DateRangeFields';
import { DialogButton } from '../../lib/DialogButton';
import { ErrorLine } from '../../lib/ErrorLine';
import { Modal } from '../../lib/Modal';
import { TextField } from '../../lib/TextField';
import { useAction } from '../../lib/use-action';
import { useJobsStore } from '../../stores/jobs';
import { dateInput } from '../keep-current/words';
import { tickBackfillErrorText } from './backfill-words';
import './ticks.css';

const TIMEFRAMES = ['1s', '10s', '1m', '5m', '15m', '30m', '1h', '4h', '1d'];
type Keep = 'ticks' | 'both';
type Price = 'bid' | 'ask' | 'mid';

/**
 * "Dukascopy ticks…": quote ticks of a span for one instrument, and bars of a timeframe built from
 * them at bid, ask or mid, as one job (what `barcat backfill DUKASCOPY:SYMBOL:TF` runs). Starting
 * it again after a cancel fetches only the hours still missing.
 */
export function DukascopyBackfill() {
  const [symbol, setSymbol] = useState('EURUSD');
  const days = useDayRange();
  const { from, to } = days;
  const [keep, setKeep] = useState<Keep>('both');
  const [timeframe, setTimeframe] = useState('1m');
  const [price, setPrice] = useState<Price>('bid');
  const [baseUrl, setBaseUrl] = useState('');
  const { busy, error, setError, run } = useAction();
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJobsStore((s) => (jobId ? s.jobs[jobId] : undefined));
  const running = job === undefined ? jobId !== null : job.state === 'running' || job.state === 'queued';

  const fromMs = dateInput(from);
  const toMs = dateInput(to);
  const ready = symbol.trim() !== '' && fromMs !== null && toMs !== null && toMs > fromMs;

  const start = async () => {
    if (fromMs === null || toMs === null) return;
    await run(async () => {
      const r = await api().startTickBackfill({
        symbol: symbol.trim(),
        from: fromMs,
        to: toMs,
        ...(keep === 'both' ? { bars: { timeframe, price } } : {}),
        ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
      });
      setJobId(r.jobId);
      void useJobsStore.getState().load();
    }, errorWords(tickBackfillErrorText));
  };

  const cancel = async () => {
    if (jobId) await api().cancelJob({ jobId });
  };

  return (
    <DialogButton
      text="Dukascopy ticks…"
      testId="duka-button"
      onOpen={() => {
        setError(null);
        setJobId(null);
      }}
      dialog={(close) => (
        <Modal
          name="Dukascopy ticks"
          title="Backfill Dukascopy ticks"
          testId="duka-dialog"
          className="duka-backfill"
          onClose={close}
        >
          <div className="duka-body">
            <div className="row">
              <TextField
                label="Instrument"
                labelClass="field"
                aria-label="Instrument"
                value={symbol}
                onText={setSymbol}
              />
              <DateRangeFields fromLabel="From (UTC)" toLabel="To (UTC, not included)" days={days} />
            </div>
            <div className="row">
              <label className="field">
                <span>Keep</span>
                <select aria-label="Keep" value={keep} onChange={(e) => setKeep(e.target.value as Keep)}>
                  <option value="ticks">Ticks only</option>
                  <option value="both">Ticks and bars</option>
                </select>
              </label>
              {keep === 'both' && (
                <>
                  <label className="field">
                    <span>Bar timeframe</span>
                    <select
                      aria-label="Bar timeframe"
                      value={timeframe}
                      onChange={(e) => setTimeframe(e.target.value)}
                    >
                      {TIMEFRAMES.map((t) => (
                        <option key={t}>{t}</option>
                      ))}
                    </select>
                  </label>
                  <label className="field">
                    <span title="The quote side the bars are built from; mid is (bid + ask) / 2">Price</span>
                    <select
                      aria-label="Price"
                      value={price}
                      onChange={(e) => setPrice(e.target.value as Price)}
                    >
                      <option value="bid">bid</option>
                      <option value="ask">ask</option>
                      <option value="mid">mid</option>
                    </select>
                  </label>
                </>
              )}
            </div>
            <TextField
              label="Server (empty: Dukascopy's own)"
              labelClass="field"
              aria-label="Server"
              placeholder="https://datafeed.dukascopy.com/datafeed"
              value={baseUrl}
              onText={setBaseUrl}
            />
            <ErrorLine text={error} testId="duka-error" />
            {jobId && (
              <div className="duka-job" data-testid="duka-job" data-job-state={job?.state ?? 'queued'}>
                {job
                  ? `${job.state}: ${job.done.toLocaleString('en-US')} of ${job.total ?? '?'} hours`
                  : 'queued'}
                {job?.message ? ` (${job.message})` : ''}
              </div>
            )}
          </div>
          <div className="modal-foot">
            <span className="muted">
              {ready
                ? `DUKASCOPY:${symbol.trim().toUpperCase()}, ${from} .. ${to}`
                : 'Give an instrument and a span'}
            </span>
            {running ? (
              <button type="button" onClick={() => void cancel()} data-testid="duka-cancel">
                Cancel
              </button>
            ) : (
              <button
                type="button"
                className="primary"
                disabled={busy || !ready}
                onClick={() => void start()}
                data-testid="duka-start"
              >
                {jobId ? 'Start again' : 'Download'}
              </button>
            )}
          </div>
        </Modal>
      )}
    />
  );
}
