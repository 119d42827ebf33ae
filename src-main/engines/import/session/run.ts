import path from 'node:path';
import {
  type ImportFileResult,
  type ImportProgress,
  type ImportRequest,
  ImportRequestSchema,
  type ImportStatus,
  type ImportSummary,
} from '../../../../src-shared/domain/import';
import { BarcatError } from '../../../plumbing/errors';
import { fsErrorMessage } from '../../../plumbing/fs-errors';
import { requireCalendar } from '../../calendars/index';
import type { Catalog } from '../../catalog/index';
import { type Discovered, discoverFiles, removeDiscovered, shownResult } from '../detect/discover';
import { ImportRegistry } from '../files/registry';
import { ZoneConverter } from '../parse/zone';
import { factsFromFileName } from '../read/file-name';
import type { FileRead, ReadProgress } from '../read/read-file';
import { type FileReader, inProcessReader, workerReader } from '../readers';
import { type AuditRecord, markAbandonedSessions, newSessionId, writeAudit } from './audit';
import { emptyResult, importRead } from './file-import';
import { importStreamed, STREAM_MIN_BYTES } from './pipeline';
import { findPriorImport, type PriorImport, priorImportResult } from './prior-import';
import { importSliced } from './sliced';

export interface RunOptions {
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  /** Parse in worker threads (default true); false parses on the calling thread (tests, tiny files). */
  workers?: boolean;
  /**
   * Files above this size that cannot be streamed (rows out of time order, a dry run, no workers)
   * are imported in slices with bounded memory, resumable per slice (default 1 GiB).
   */
  sliceBytes?: number;
  /** Rows per slice for such files (default 2,000,000). */
  sliceRows?: number;
  /** Files from this size are streamed through staged partitions (default 64 MiB), bounded memory at any size. */
  streamBytes?: number;
  /** Most bytes one zip archive may unpack to (default 4 GiB). */
  maxUnzippedBytes?: number;
  now?: () => Date;
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

/** ok, partial (some files refused), failed (all refused) or cancelled. */
export function overallStatus(files: ImportFileResult[], cancelled: boolean): ImportStatus {
  if (cancelled) return 'cancelled';
  const bad = files.filter((f) => f.status === 'failed' || f.status === 'rejected').length;
  if (bad === 0) return 'ok';
  return bad === files.filter((f) => f.status !== 'filtered').length ? 'failed' : 'partial';
}

/**
 * Imports files and folders into the catalog as one audited session. Files are read (and fully
 * validated) in worker threads, two at a time; each file is then written with one catalog write,
 * in order. Cancelling stops before the next write; a file is never half written.
 */
export async function runImport(
  catalog: Catalog,
  request: ImportRequest,
  opts: RunOptions = {},
): Promise<ImportSummary> {
  const req = ImportRequestSchema.parse(request);
  const overrides = req.overrides ?? {};
  // Refuse an unknown zone before any work.
  for (const zone of [overrides.tz, overrides.defaultTz]) if (zone) new ZoneConverter(zone);
  if (overrides.calendar) requireCalendar(overrides.calendar, catalog.dir);
  const started = Date.now();
  const now = opts.now ?? (() => new Date());
  const found = await discoverFiles(req.paths, {
    namePattern: overrides.namePattern,
    years: req.years,
    months: req.months,
    maxUnzippedBytes: opts.maxUnzippedBytes,
    signal: opts.signal,
  });
  // From here on the unpacked members are removed whatever happens (a throw before the reads too).
  try {
    if (found.length === 0)
      throw new BarcatError(
        'BAD_INPUT',
        `no .csv, .txt, .tsv or .zip files found in ${req.paths.join(', ')}`,
      );
    const toRead = found.filter((f) => !f.filtered && !f.refusal);
    const totalBytes = toRead.reduce((s, f) => s + f.bytes, 0);

    await markAbandonedSessions(catalog.dir);
    const symbols = new Set(
      toRead.map((f) =>
        (overrides.symbol ?? factsFromFileName(path.basename(f.file)).symbol ?? 'IMPORT').toUpperCase(),
      ),
    );
    const sessionSymbol = symbols.size === 1 ? ([...symbols][0] ?? 'IMPORT') : 'MULTI';
    const sessionId = req.dryRun
      ? `${sessionSymbol}_dry-run`
      : await newSessionId(catalog.dir, sessionSymbol, now());
    const audit: AuditRecord = {
      sessionId,
      status: 'running',
      pid: process.pid,
      startedAt: now().toISOString(),
      finishedAt: null,
      request: {
        paths: req.paths,
        overrides,
        mode: req.mode,
        onError: req.onError,
        force: req.force,
        years: req.years,
        months: req.months,
      },
      filesDiscovered: found.length,
      filesImported: 0,
      filesSkipped: 0,
      filesFailed: 0,
      rowsWrittenPerSeries: {},
      errors: [],
      timings: { totalMs: 0, perFile: {} },
      files: [],
    };
    let auditFile: string | null = null;
    if (!req.dryRun) auditFile = await writeAudit(catalog.dir, audit);

    const registry = await ImportRegistry.open(catalog.dir);
    const reader: FileReader = opts.workers === false ? inProcessReader() : workerReader();
    const results: ImportFileResult[] = [];
    let cancelled = false;
    let doneBytes = 0;
    let doneRows = 0;
    let lastEmit = 0;
    const emit = (
      i: number,
      file: string,
      p: ReadProgress | null,
      phase: ImportProgress['phase'],
      force = false,
    ) => {
      const t = Date.now();
      if (!opts.onProgress || (!force && t - lastEmit < 100)) return;
      lastEmit = t;
      const bytes = doneBytes + (p?.bytes ?? 0);
      const rows = doneRows + (p?.rows ?? 0);
      const secs = Math.max(0.001, (t - started) / 1000);
      const rate = bytes / secs;
      opts.onProgress({
        file,
        fileIndex: i,
        files: toRead.length,
        bytes,
        totalBytes,
        rows,
        rowsPerSec: Math.round(rows / secs),
        etaMs: bytes > 0 && rate > 0 ? Math.round(((totalBytes - bytes) / rate) * 1000) : null,
        phase,
      });
    };

    try {
      for (const f of found.filter((x) => x.filtered)) {
        results.push({
          ...emptyResult(f.file, f.bytes),
          status: 'filtered',
          message: 'left out by the name pattern or year/month filter',
        });
      }
      for (const f of found.filter((x) => x.refusal)) {
        results.push({ ...emptyResult(f.file, f.bytes), message: f.refusal ?? null });
        audit.errors.push(f.refusal ?? '');
      }
      const record = (i: number, f: Discovered, read: ImportFileResult, t0: number) => {
        const r = shownResult(f, read);
        doneBytes += f.bytes;
        doneRows += r.rowsRead;
        results.push(r);
        audit.timings.perFile[r.file] = Date.now() - t0;
        if ((r.status === 'imported' || r.status === 'cancelled') && r.series && r.rowsWritten > 0)
          audit.rowsWrittenPerSeries[r.series] = (audit.rowsWrittenPerSeries[r.series] ?? 0) + r.rowsWritten;
        if (r.message && (r.status === 'failed' || r.status === 'rejected')) audit.errors.push(r.message);
        emit(i, f.file, null, 'writing');
      };
      // Read ahead: at most two files in flight, written one at a time in discovery order.
      const reads: Promise<FileRead | Error>[] = [];
      const sliceBytes = opts.sliceBytes ?? 2 ** 30;
      const sliced = (f: { bytes: number } | undefined) => f !== undefined && f.bytes > sliceBytes;
      const streamBytes = opts.streamBytes ?? STREAM_MIN_BYTES;
      // Large files are streamed by all workers together when their turn comes (pipeline.ts); one
      // that cannot be streamed is read plainly, or in slices when it is too big to hold.
      const streamed = (f: { bytes: number } | undefined) =>
        f !== undefined && !req.dryRun && f.bytes >= streamBytes && reader.stageRange !== undefined;
      const ctx = {
        catalog,
        registry,
        sessionId,
        mode: req.mode,
        onError: req.onError,
        dryRun: req.dryRun,
        force: req.force,
        signal: opts.signal,
        calendar: overrides.calendar,
      };
      // The plain read of file i, in a worker; its failure kept as a value for the loop below.
      const launchRead = (i: number, f: { file: string }) => {
        reads[i] = reader
          .read(f.file, overrides, { signal: opts.signal, onProgress: (p) => emit(i, f.file, p, 'reading') })
          .catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
      };
      const startRead = (i: number) => {
        const f = toRead[i];
        if (f && !sliced(f) && !streamed(f)) launchRead(i, f);
      };
      startRead(0);
      startRead(1);
      for (let i = 0; i < toRead.length; i++) {
        const f = toRead[i] as (typeof toRead)[number];
        const t0 = Date.now();
        // A big file imported before is hashed first, not parsed through, to say it is unchanged.
        let knownSha256: string | undefined;
        if ((sliced(f) || streamed(f)) && !req.force && !req.dryRun && !opts.signal?.aborted) {
          const prior = await findPriorImport(f.file, f.bytes, overrides, registry, opts.signal).catch(
            () => ({}) as PriorImport,
          );
          if (prior.entry) {
            record(i, f, priorImportResult(f.file, f.bytes, prior.entry, Date.now() - t0), t0);
            startRead(i + 2);
            continue;
          }
          knownSha256 = prior.sha256;
        }
        if (streamed(f) && !opts.signal?.aborted) {
          let r: ImportFileResult | null;
          try {
            r = await importStreamed(
              ctx,
              reader,
              f.file,
              overrides,
              t0,
              (p) => emit(i, f.file, p, 'reading'),
              knownSha256,
            );
          } catch (err) {
            if (isAbort(err)) cancelled = true;
            r = isAbort(err) ? cancelledResult(f) : failedResult(f, err as Error);
          }
          if (r) {
            record(i, f, r, t0);
            startRead(i + 2);
            continue;
          }
          // Not streamable (e.g. rows out of time order), nothing was committed: the plain read, or
          // slices for a file too big to hold.
          if (!sliced(f)) launchRead(i, f);
        }
        if (sliced(f)) {
          let r: ImportFileResult;
          try {
            r = await importSliced(ctx, f.file, overrides, opts.sliceRows ?? 2_000_000);
          } catch (err) {
            r = failedResult(f, err as Error);
          }
          if (r.status === 'cancelled') cancelled = true;
          record(i, f, r, t0);
          startRead(i + 2);
          continue;
        }
        const read = await (reads[i] as Promise<FileRead | Error>);
        startRead(i + 2);
        if (opts.signal?.aborted || (read instanceof Error && isAbort(read))) {
          cancelled = true;
          results.push(
            shownResult(f, {
              ...emptyResult(f.file, f.bytes),
              status: 'cancelled',
              message: 'cancelled before it was written',
            }),
          );
          continue;
        }
        let r: ImportFileResult;
        if (read instanceof Error) {
          r = failedResult(f, read);
        } else {
          emit(i, f.file, { bytes: f.bytes, totalBytes, rows: read.rowsRead }, 'writing', true);
          try {
            r = await importRead(ctx, read, overrides, t0);
          } catch (err) {
            if (isAbort(err)) {
              cancelled = true;
              r = cancelledResult(f);
            } else r = { ...failedResult(f, err as Error), rowsRead: read.rowsRead };
          }
        }
        record(i, f, r, t0);
      }
    } finally {
      await reader.close();
    }
    const status = overallStatus(results, cancelled);
    const summary: ImportSummary = {
      sessionId,
      status,
      dryRun: req.dryRun,
      files: results,
      rowsRead: results.reduce((s, r) => s + r.rowsRead, 0),
      rowsWritten: results.reduce((s, r) => s + r.rowsWritten, 0),
      rowsSkipped: results.reduce((s, r) => s + r.rowsSkipped, 0),
      rowsInvalid: results.reduce((s, r) => s + r.rowsInvalid, 0),
      bytes: results.reduce((s, r) => s + r.bytes, 0),
      ms: Date.now() - started,
      auditFile,
    };
    if (auditFile) {
      audit.status = status;
      audit.finishedAt = now().toISOString();
      audit.filesImported = results.filter((r) => r.status === 'imported').length;
      audit.filesSkipped = results.filter((r) => r.status === 'unchanged' || r.status === 'filtered').length;
      audit.filesFailed = results.filter((r) => r.status === 'failed' || r.status === 'rejected').length;
      audit.timings.totalMs = summary.ms;
      audit.files = results.map(({ problems: _p, ...rest }) => rest);
      await writeAudit(catalog.dir, audit);
    }
    emit(toRead.length - 1, toRead[toRead.length - 1]?.file ?? '', null, 'done', true);
    return summary;
  } finally {
    await removeDiscovered(found);
  }
}

/** A file that failed: its error in one line, naming the file. */
function failedResult(f: { file: string; bytes: number }, err: Error): ImportFileResult {
  // A full disk or a read-only folder reads as such, naming the path (fs-errors.ts).
  return {
    ...emptyResult(f.file, f.bytes),
    message: `${path.basename(f.file)}: ${fsErrorMessage(err) ?? err.message}`,
  };
}

/** A file whose import was cancelled; a cancelled write leaves nothing of it behind. */
function cancelledResult(f: { file: string; bytes: number }): ImportFileResult {
  return {
    ...emptyResult(f.file, f.bytes),
    status: 'cancelled',
    message: 'cancelled; nothing of this file was written',
  };
}
