import { batchBuffers, loadParquetLibs } from '../../engines/catalog/index';
import { OPTIONAL_ROW_COLUMNS, ROW_COLUMNS } from '../../engines/import/parse/columns-buffer';
import { readFileBars } from '../../engines/import/read/read-file';
import { stageBars, stageRange } from '../../engines/import/session/range-stage';
import { readTickFile } from '../../engines/import/ticks/tick-stream';
import type {
  ImportWorkerProgress,
  ImportWorkerRequest,
  ImportWorkerResult,
} from '../../engines/import/worker-messages';
import { serveWorker } from '../../plumbing/workers/serve-requests';

// Loaded as the worker starts, so a pool started ahead of an import is ready when its files come;
// a failure shows again, with its reason, when a call needs the libraries.
loadParquetLibs().catch(() => undefined);

serveWorker<ImportWorkerRequest, ImportWorkerResult, ImportWorkerProgress>(async (req, ctx) => {
  if (req.kind === 'warm') {
    await loadParquetLibs();
    return { result: null };
  }
  if (req.kind === 'stage-bars') return { result: await stageBars(req) };
  if (req.kind === 'ticks') {
    // Bars go to the caller partition by partition as they complete, moved, not copied.
    const read = await readTickFile(req, {
      signal: ctx.signal,
      onProgress: ctx.progress,
      onBars: (tickBars, volume) => ctx.progress({ tickBars, volume }, batchBuffers(tickBars)),
    });
    return { result: read, transfer: read.bars ? batchBuffers(read.bars) : [] };
  }
  if (req.kind === 'stage') {
    const staged = await stageRange(req, { signal: ctx.signal, onProgress: ctx.progress });
    const transfer: ArrayBuffer[] = [];
    for (const e of staged.edges)
      for (const c of [...ROW_COLUMNS, ...OPTIONAL_ROW_COLUMNS]) {
        const a = e[c];
        if (a) transfer.push(a.buffer as ArrayBuffer);
      }
    return { result: staged, transfer };
  }
  const read = await readFileBars(req.file, req.overrides, {
    signal: ctx.signal,
    onProgress: ctx.progress,
    hash: req.hash,
  });
  const b = read.result?.batch;
  return { result: read, transfer: b ? batchBuffers(b) : [] };
});
