import { useState } from 'react';
import { BAR_OHLCV_COLUMNS, type ConflictMode } from '../../../src-shared/domain/bar';
import type { DbImportPreview } from '../../../src-shared/domain/job-kinds/db-import';
import { api } from '../../api/client';
import { MODE_HELP } from '../../stores/import';
import { useJobsStore } from '../../stores/jobs';
import { DbPasswordField } from './DbPasswordField';
import { type DbForm, EMPTY_FORM, sourceOf } from './db-import-form';
import './db-import.css';
import { ErrorLine } from '../../lib/ErrorLine';
import { Modal } from '../../lib/Modal';
import { ModalFoot } from '../../lib/ModalFoot';
import { TableHead } from '../../lib/TableHead';
import { TextField } from '../../lib/TextField';
import { useAction } from '../../lib/use-action';

const MODES: ConflictMode[] = ['skip', 'overwrite', 'merge'];
const PREVIEW_COLUMNS = ['key', ...BAR_OHLCV_COLUMNS];

/** "Import from database": connection (tested), table or query, series mapping, preview, mode; then a job. */
export function DbImportDialog({ onClose }: { onClose: () => void }) {
  const [f, setF] = useState<DbForm>(EMPTY_FORM);
  const [connected, setConnected] = useState<string | null>(null);
  const [preview, setPreview] = useState<DbImportPreview | null>(null);
  const [mode, setMode] = useState<ConflictMode>('skip');
  const [skipBad, setSkipBad] = useState(false);
  const { busy, error, run } = useAction();
  const set = (patch: Partial<DbForm>) => {
    setF({ ...f, ...patch });
    setPreview(null);
  };
  const field = (label: string, key: keyof DbForm, placeholder = '') => (
    <TextField
      label={label}
      labelClass="db-field"
      value={f[key]}
      placeholder={placeholder}
      onText={(text) => set({ [key]: text })}
      data-testid={`db-${key}`}
    />
  );
  /** One of the form's either-or choices: on while `key` is `value`. */
  const choice = <K extends 'fromKind' | 'seriesKind'>(key: K, value: DbForm[K], label: string) => (
    <label>
      <input type="radio" checked={f[key] === value} onChange={() => set({ [key]: value })} /> {label}
    </label>
  );
  return (
    <Modal name="import from database" testId="db-import-dialog" className="wide" onClose={onClose}>
      <div className="pad db-form">
        <div className="db-row">
          {field('Connection', 'url', 'postgres://user@host:5432/db or clickhouse://user@host:8123/db')}
          <button
            type="button"
            disabled={busy || !f.url}
            onClick={() =>
              void run(async () => setConnected((await api().testDbConnection({ url: f.url.trim() })).target))
            }
            data-testid="db-test"
          >
            Test connection
          </button>
        </div>
        <DbPasswordField url={f.url} />
        <div className="muted">
          PostgreSQL: the saved password, else PGPASSWORD / ~/.pgpass; ClickHouse: CLICKHOUSE_PASSWORD. Never
          in the URL.
        </div>
        {connected && (
          <div className="db-ok" data-testid="db-connected">
            Connected to {connected}
          </div>
        )}
        <div className="db-row">
          {choice('fromKind', 'table', 'Table')}
          {choice('fromKind', 'query', 'Query')}
        </div>
        {f.fromKind === 'table' ? (
          field('Table', 'table', 'market_data')
        ) : (
          <textarea
            value={f.query}
            onChange={(e) => set({ query: e.target.value })}
            data-testid="db-query"
            rows={3}
          />
        )}
        <div className="db-row">
          {choice('seriesKind', 'columns', 'Series from columns')}
          {choice('seriesKind', 'fixed', 'One series')}
        </div>
        {f.seriesKind === 'columns' ? (
          <div className="db-row">
            {field('Venue column', 'venueCol')}
            {field('Symbol column', 'symbolCol')}
            {field('Timeframe', 'timeframe')}
          </div>
        ) : (
          field('Series', 'series', 'VENUE:SYMBOL:TIMEFRAME')
        )}
        <div className="db-row">
          {field('Time zone of naive timestamps', 'tz', 'UTC')}
          {field('Mapping (optional)', 'map', 'ts=time,close=last')}
        </div>
        <button
          type="button"
          disabled={busy || !f.url}
          onClick={() => void run(async () => setPreview(await api().previewDbImport(sourceOf(f))))}
          data-testid="db-preview"
        >
          Preview
        </button>
        <ErrorLine text={error} testId="db-error" />
        {preview && <PreviewTable p={preview} />}
        {preview && (
          <fieldset className="modes">
            <legend>When bars already exist</legend>
            {MODES.map((m) => (
              <label key={m} className={`mode${mode === m ? ' chosen' : ''}`}>
                <input type="radio" name="db-mode" checked={mode === m} onChange={() => setMode(m)} />
                <b>{m}</b>
                <span className="muted">{MODE_HELP[m]}</span>
              </label>
            ))}
            <label>
              <input type="checkbox" checked={skipBad} onChange={(e) => setSkipBad(e.target.checked)} /> Leave
              bad rows out (else any bad row stops the import before it writes)
            </label>
          </fieldset>
        )}
      </div>
      <ModalFoot
        action="Import"
        testId="db-start"
        disabled={busy || !preview}
        onAction={() =>
          run(async () => {
            await api().startDbImport({
              planId: preview!.planId,
              mode,
              onError: skipBad ? 'skip' : 'reject',
            });
            useJobsStore.getState().setOpen(true);
            onClose();
          })
        }
      />
    </Modal>
  );
}

function PreviewTable({ p }: { p: DbImportPreview }) {
  return (
    <div className="db-preview" data-testid="db-preview-table">
      <div className="muted">
        {p.target}:{' '}
        {Object.entries(p.map)
          .map(([field, col]) => `${field} ← ${col}`)
          .join(', ')}
        ; times {p.tsKind === 'wall' ? `read in ${p.tz}` : p.tsKind}
      </div>
      <table className="mono">
        <TableHead columns={PREVIEW_COLUMNS} />
        <tbody>
          {p.rows.map((r) => (
            <tr key={r.key} className={r.problem ? 'bad' : ''}>
              <td>{r.key}</td>
              {r.bar ? (
                <>
                  <td>{r.bar.open}</td>
                  <td>{r.bar.high}</td>
                  <td>{r.bar.low}</td>
                  <td>{r.bar.close}</td>
                  <td>{r.bar.volume ?? ''}</td>
                </>
              ) : (
                <td colSpan={5}>{r.problem}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
