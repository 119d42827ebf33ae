import { useEffect, useState } from 'react';
import type { VerifyExportResult } from '../../../src-shared/domain/job-kinds/export';
import { TIMEFRAMES, type Timeframe } from '../../../src-shared/domain/timeframe';
import { api, stageFiles } from '../../api/client';
import { useJobsStore } from '../../stores/jobs';
import { exportFailure } from './export-words';
import './export.css';
import { DialogButton } from '../../lib/DialogButton';
import { ErrorLine } from '../../lib/ErrorLine';
import { Modal } from '../../lib/Modal';
import { ModalFoot } from '../../lib/ModalFoot';
import { useAction } from '../../lib/use-action';

/**
 * The research lake from the app: "Event windows…" cuts one as a job (`barcat export windows`) and
 * verifies it when the job is done; "Verify export…" checks any lake folder (`barcat export verify`).
 */
export function LakeActions() {
  return (
    <>
      <DialogButton
        text="Event windows…"
        testId="windows-button"
        dialog={(close) => <WindowsDialog onClose={close} />}
      />
      <DialogButton
        text="Verify export…"
        testId="verify-export-button"
        dialog={(close) => <VerifyDialog onClose={close} />}
      />
    </>
  );
}

function WindowsDialog({ onClose }: { onClose(): void }) {
  const [events, setEvents] = useState<File | null>(null);
  const [pre, setPre] = useState('60');
  const [post, setPost] = useState('60');
  const [timeframe, setTimeframe] = useState<Timeframe | ''>('');
  const [seriesMap, setSeriesMap] = useState<File | null>(null);
  const [folder, setFolder] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();
  const job = useJobsStore((s) => (jobId ? s.jobs[jobId] : undefined));

  const cut = () =>
    run(async () => {
      // Picked files become paths main may read (the web host keeps them in its upload folder).
      const picked = [events!, ...(seriesMap ? [seriesMap] : [])];
      const [eventsPath, mapPath] = await stageFiles(
        picked.map((file) => ({ file, relativePath: file.name })),
      );
      const r = await api().startWindowsExport({
        events: eventsPath!,
        pre: Number(pre),
        post: Number(post),
        folder: folder.trim(),
        ...(timeframe ? { timeframe } : {}),
        ...(mapPath ? { seriesMap: mapPath } : {}),
      });
      setJobId(r.jobId);
    }, exportFailure);

  const field = (label: string, value: string, set: (v: string) => void, placeholder = '') => (
    <label className="field">
      <span>{label}</span>
      <input
        className="mono"
        value={value}
        placeholder={placeholder}
        disabled={jobId !== null}
        onChange={(e) => {
          set(e.target.value);
          setError(null);
        }}
        aria-label={label}
      />
    </label>
  );

  const fileField = (label: string, set: (f: File | null) => void) => (
    <label className="field">
      <span>{label}</span>
      <input
        type="file"
        accept=".csv,.parquet,text/csv"
        disabled={jobId !== null}
        onChange={(e) => {
          set(e.target.files?.[0] ?? null);
          setError(null);
        }}
        aria-label={label}
      />
    </label>
  );

  return (
    <Modal name="event windows" testId="windows-dialog" className="export-dialog" onClose={onClose}>
      <section className="export-fields lake-fields">
        {fileField('Events file (CSV or Parquet)', setEvents)}
        {field('Bars before', pre, setPre)}
        {field('Bars from the event', post, setPost)}
        <label className="field">
          <span>Timeframe</span>
          <select
            value={timeframe}
            disabled={jobId !== null}
            onChange={(e) => setTimeframe(e.target.value as Timeframe | '')}
            aria-label="Timeframe"
          >
            <option value="">each series' own</option>
            {TIMEFRAMES.map((t) => (
              <option key={t} value={t}>
                {t} (finer series resampled)
              </option>
            ))}
          </select>
        </label>
        {fileField('Series map (optional CSV)', setSeriesMap)}
        {field('Output folder', folder, setFolder, '/home/me/lake')}
        <div className="muted">
          A new or empty folder outside the catalog; it is sealed when done and never modified in place.
        </div>
      </section>
      <ErrorLine text={error} testId="windows-error" />
      {job && (
        <div className="lake-result" data-testid="windows-job" data-state={job.state}>
          <div>
            {job.state === 'running' || job.state === 'queued'
              ? `Cutting windows: ${job.done} of ${job.total ?? '?'} events`
              : job.message}
          </div>
          {job.state === 'done' && <VerifyResultLine folder={folder.trim()} />}
        </div>
      )}
      <ModalFoot
        leave="Close"
        onLeave={onClose}
        action="Cut windows"
        testId="windows-start"
        disabled={busy || jobId !== null || events === null || folder.trim() === ''}
        onAction={cut}
      />
    </Modal>
  );
}

/** Verifies `folder` once when shown: the seal and every file, as `barcat export verify`. */
function VerifyResultLine({ folder }: { folder: string }) {
  const [result, setResult] = useState<VerifyExportResult | string | null>(null);
  useEffect(() => {
    let live = true;
    api()
      .verifyExport({ folder })
      .then(
        (r) => live && setResult(r),
        (err: unknown) => live && setResult(exportFailure(err)),
      );
    return () => {
      live = false;
    };
  }, [folder]);
  return <VerifyView result={result} />;
}

function VerifyView({ result }: { result: VerifyExportResult | string | null }) {
  if (result === null) return <div className="muted">Verifying…</div>;
  if (typeof result === 'string') return <div className="error-line">{result}</div>;
  if (result.problems.length === 0)
    return (
      <div className="ok-line" data-testid="verify-ok">
        Verified: {result.files} files, {result.rows} bars, {result.events} events as sealed ({result.seal})
      </div>
    );
  return (
    <div data-testid="verify-problems">
      <div className="error-line">The export differs from its manifest:</div>
      <ul className="mono">
        {result.problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
}

function VerifyDialog({ onClose }: { onClose(): void }) {
  const [folder, setFolder] = useState('');
  const [result, setResult] = useState<VerifyExportResult | null>(null);
  const { busy, error, run } = useAction();
  const verify = () =>
    run(async () => {
      setResult(null);
      setResult(await api().verifyExport({ folder: folder.trim() }));
    }, exportFailure);
  return (
    <Modal name="verify export" testId="verify-dialog" className="export-dialog" onClose={onClose}>
      <section className="export-fields lake-fields">
        <label className="field">
          <span>Export folder</span>
          <input
            className="mono"
            value={folder}
            placeholder="/home/me/lake"
            onChange={(e) => setFolder(e.target.value)}
            aria-label="Export folder"
          />
        </label>
        {(busy || result !== null || error !== null) && <VerifyView result={error ?? result} />}
      </section>
      <ModalFoot
        leave="Close"
        onLeave={onClose}
        action="Verify"
        testId="verify-start"
        disabled={busy || folder.trim() === ''}
        onAction={verify}
      />
    </Modal>
  );
}
