import { useState } from 'react';
import { EXPORT_FORMATS, type ExportFormat } from '../../../src-shared/domain/job-kinds/export';
import { TIMEFRAMES, type Timeframe } from '../../../src-shared/domain/timeframe';
import { api } from '../../api/client';
import { ErrorLine } from '../../lib/ErrorLine';
import { formatRange } from '../../lib/format';
import { SelectField } from '../../lib/SelectField';
import { TextField } from '../../lib/TextField';
import { useAction } from '../../lib/use-action';
import { useExportStore } from '../../stores/export';
import { useJobsStore } from '../../stores/jobs';
import { useSeriesStore } from '../../stores/series';
import { exportFailure, FORMAT_LABELS } from './export-words';
import './export.css';
import { Modal } from '../../lib/Modal';
import { ModalFoot } from '../../lib/ModalFoot';

/**
 * Export series into a folder the user names (the browser host has no save dialog), as a job with
 * progress in the jobs panel: the same engine and files as `barcat export SERIES... --out DIR`.
 */
export function ExportDialog() {
  const start = useExportStore((s) => s.start);
  if (!start) return null;
  return <ExportForm key={start.series.join(' ')} />;
}

function ExportForm() {
  const start = useExportStore((s) => s.start)!;
  const close = useExportStore((s) => s.close);
  const all = useSeriesStore((s) => s.series);
  const [picked, setPicked] = useState<Set<string>>(() => new Set(start.series));
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [timeframe, setTimeframe] = useState<Timeframe | ''>('');
  const [tz, setTz] = useState('UTC');
  const [useRange, setUseRange] = useState(start.range !== null);
  const [folder, setFolder] = useState('');
  const { busy, error, setError, run } = useAction();

  const toggle = (id: string) => {
    const next = new Set(picked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setPicked(next);
  };

  const exportPicked = () =>
    run(async () => {
      await api().startExport({
        series: all.filter((s) => picked.has(s.id)).map((s) => s.id),
        format,
        folder: folder.trim(),
        ...(timeframe ? { timeframe } : {}),
        ...(format !== 'parquet' && tz.trim() !== 'UTC' ? { tz: tz.trim() } : {}),
        ...(useRange && start.range ? { range: start.range } : {}),
      });
      useJobsStore.getState().setOpen(true);
      close();
    }, exportFailure);

  return (
    <Modal name="export" testId="export-dialog" className="export-dialog" onClose={close} closeOnEscape>
      <div className="export-body">
        <section>
          <div className="section-title">
            Series ({picked.size} of {all.length})
          </div>
          <div className="export-series" data-testid="export-series">
            {all.map((s) => (
              <label key={s.id} className="mono">
                <input type="checkbox" checked={picked.has(s.id)} onChange={() => toggle(s.id)} /> {s.id}
              </label>
            ))}
          </div>
        </section>
        <section className="export-fields">
          <SelectField<ExportFormat>
            label="Format"
            labelClass="field"
            value={format}
            options={EXPORT_FORMATS}
            optionLabel={(f) => FORMAT_LABELS[f]}
            onPick={setFormat}
            aria-label="Format"
          />
          <SelectField<Timeframe | ''>
            label="Timeframe"
            labelClass="field"
            value={timeframe}
            options={TIMEFRAMES}
            optionLabel={(t) => `resample to ${t}`}
            onPick={setTimeframe}
            aria-label="Timeframe"
          >
            <option value="">as stored</option>
          </SelectField>
          <label className="field">
            <span>Time zone of the times</span>
            <input
              value={format === 'parquet' ? 'UTC' : tz}
              disabled={format === 'parquet'}
              onChange={(e) => setTz(e.target.value)}
              aria-label="Time zone"
            />
          </label>
          <div className="field">
            <span>Range</span>
            {start.range ? (
              <label>
                <input type="checkbox" checked={useRange} onChange={(e) => setUseRange(e.target.checked)} />{' '}
                only {formatRange(start.range.from, start.range.to)} (the gap chart's range)
              </label>
            ) : (
              <span className="muted">the whole series</span>
            )}
          </div>
          <TextField
            label="Folder"
            labelClass="field"
            className="mono"
            placeholder="/home/me/exports"
            value={folder}
            onText={setFolder}
            onEdit={() => setError(null)}
            aria-label="Export folder"
          />
          <div className="muted">
            One file per series, named VENUE~SYMBOL~TF; the folder is made when missing, must be outside the
            catalog, and no existing file is replaced.
          </div>
        </section>
      </div>
      <ErrorLine text={error} testId="export-error" />
      <ModalFoot
        leave="Cancel"
        onLeave={close}
        action="Export"
        testId="export-start"
        disabled={busy || picked.size === 0 || folder.trim() === ''}
        onAction={exportPicked}
      />
    </Modal>
  );
}
