import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { ImportOverrides, ImportProblem } from '../../src-shared/domain/import';
import type { Timeframe } from '../../src-shared/domain/timeframe';
import { BarcatError } from '../errors';
import { fileChunks } from './file-chunks';
import { type Finalized, fileTimeframe, finalizeRows, reportNoTimeframe } from './finalize';
import { planFromSample, type ReadPlan } from './plan';
import { ProblemLog } from './problems';
import { RowParser } from './row-parser';

const SAMPLE_BYTES = 64 * 1024;

export interface Sample {
  text: string;
  bom: boolean;
  bytes: number;
}

/** The first 64 KiB of a file as text, cut at the last full line, BOM removed. */
export async function readSample(file: string): Promise<Sample> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (err) {
    throw new BarcatError(
      'BAD_INPUT',
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  try {
    const { size } = await handle.stat();
    const buf = Buffer.alloc(Math.min(SAMPLE_BYTES, size));
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    let text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(buf.subarray(0, bytesRead));
    const bom = text.charCodeAt(0) === 0xfeff;
    if (bom) text = text.slice(1);
    if (bytesRead < size) text = text.slice(0, Math.max(0, text.lastIndexOf('\n')));
    return { text, bom, bytes: size };
  } finally {
    await handle.close();
  }
}

export interface ReadProgress {
  bytes: number;
  totalBytes: number;
  rows: number;
}

export interface ReadOptions {
  signal?: AbortSignal;
  onProgress?: (p: ReadProgress) => void;
  /** Stop after this many data rows (preview). */
  maxRows?: number;
  /** Hash the bytes while reading (default: on for full reads); off when the caller hashes. */
  hash?: boolean;
  /** Huge files: hand over the parsed rows every `rows` rows (and at the end), then go on. */
  slice?: { rows: number; flush: () => Promise<void> };
  /** Read only bytes [start, end) (a streaming import's share of a file, cut after a newline). */
  range?: { start: number; end: number };
  /** Called after the lines of each chunk were parsed (the streaming import cuts partitions there). */
  afterChunk?: () => void;
}

/** What streamLines saw: the hash of the bytes (when asked) and the physical lines fed. */
export interface StreamedLines {
  sha256: string | null;
  lines: number;
}

/** Everything learned from reading one file through: bars ready to write, or why not. */
export interface FileRead {
  plan: ReadPlan;
  bom: boolean;
  bytes: number;
  rowsRead: number;
  /** Rows that broke a row or file rule. */
  rowsInvalid: number;
  timeframe: Timeframe | null;
  inferredTimeframe: Timeframe | null;
  result: Finalized | null;
  problems: ImportProblem[];
  problemCounts: Record<string, number>;
  errors: number;
  /** SHA-256 of the bytes read (full reads only), for the idempotency registry. */
  sha256: string | null;
}

/** Streams the file's bytes through the row parser, line by line, in 1 MiB chunks. */
export async function streamLines(
  file: string,
  parser: RowParser,
  total: number,
  opts: ReadOptions,
): Promise<StreamedLines> {
  const whole = opts.maxRows === undefined && opts.range === undefined;
  const hash = whole && opts.hash !== false ? createHash('sha256') : undefined;
  let carry: Buffer | undefined;
  let line = 0;
  let bytes = 0;
  let lastReport = 0;
  const start0 = opts.range?.start ?? 0;
  const chunks = fileChunks(file, { start: start0, end: opts.range?.end, signal: opts.signal });
  try {
    for await (const chunk of chunks) {
      hash?.update(chunk);
      let buf: Buffer = chunk;
      if (bytes === 0 && start0 === 0 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
        buf = buf.subarray(3);
      bytes += chunk.length;
      let start = 0;
      if (carry) {
        // Only the line cut by the chunk boundary is copied, not the whole chunk.
        const nl = buf.indexOf(10);
        if (nl < 0) {
          carry = Buffer.concat([carry, buf]);
          continue;
        }
        const joined = Buffer.concat([carry, buf.subarray(0, nl)]);
        parser.pushBytes(joined, 0, joined.length, ++line);
        start = nl + 1;
        carry = undefined;
      }
      for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
        parser.pushBytes(buf, start, nl, ++line);
        start = nl + 1;
        if (opts.maxRows !== undefined && parser.rowsRead >= opts.maxRows)
          return { sha256: null, lines: line };
        if (opts.slice && parser.cols.length >= opts.slice.rows) await opts.slice.flush();
      }
      // A copy: the chunk's buffer is read into again.
      carry = start < buf.length ? Buffer.from(buf.subarray(start)) : undefined;
      opts.afterChunk?.();
      const now = Date.now();
      if (opts.onProgress && now - lastReport >= 100) {
        lastReport = now;
        opts.onProgress({ bytes, totalBytes: total, rows: parser.rowsRead });
      }
    }
    if (carry) parser.pushBytes(carry, 0, carry.length, ++line);
    parser.end();
    if (opts.slice && parser.cols.length > 0) await opts.slice.flush();
    opts.onProgress?.({ bytes, totalBytes: total, rows: parser.rowsRead });
    return { sha256: hash?.digest('hex') ?? null, lines: line };
  } finally {
    await chunks.return(undefined);
  }
}

/** A file planned from its sample and not read yet: no rows, its problems to come in `log`. */
export function unreadFile(
  plan: ReadPlan,
  sample: Sample,
  timeframe: Timeframe | null,
  log?: ProblemLog,
): FileRead {
  return {
    plan,
    bom: sample.bom,
    bytes: sample.bytes,
    rowsRead: 0,
    rowsInvalid: 0,
    timeframe,
    inferredTimeframe: null,
    result: null,
    problems: log?.full ?? [],
    problemCounts: log?.counts ?? {},
    errors: 0,
    sha256: null,
  };
}

/**
 * Reads one file through: detect (with overrides), parse every row, apply row and file rules.
 * Nothing is written; the caller decides from `errors` and the policy.
 */
export async function readFileBars(
  file: string,
  overrides: ImportOverrides = {},
  opts: ReadOptions = {},
): Promise<FileRead> {
  const sample = await readSample(file);
  const plan = planFromSample(file, sample.text, overrides);
  const log = new ProblemLog(file);
  const base = unreadFile(plan, sample, null, log);
  if (plan.refusal) return base;
  // Rough row count from the sample's line length, so the columns rarely grow.
  const avgLine = sample.text.length / Math.max(1, sample.text.split('\n').length);
  const capacity = opts.maxRows ?? Math.ceil((sample.bytes / Math.max(8, avgLine)) * 1.05) + 16;
  const parser = new RowParser(plan, log, capacity);
  base.sha256 = (await streamLines(file, parser, sample.bytes, opts)).sha256;
  const cols = parser.cols;
  const shown = fileTimeframe(cols);
  const timeframe = plan.timeframe.value ?? shown;
  base.rowsRead = parser.rowsRead;
  base.inferredTimeframe = shown;
  base.timeframe = timeframe;
  if (!timeframe) {
    reportNoTimeframe(log);
    base.rowsInvalid = parser.rowsInvalid;
    base.errors = log.errors;
    return base;
  }
  if (plan.timeframe.value && base.inferredTimeframe && plan.timeframe.value !== base.inferredTimeframe)
    log.add(
      null,
      null,
      null,
      'spacing',
      `the bars are spaced like ${base.inferredTimeframe} but the timeframe is ${plan.timeframe.value} (from the ${plan.timeframe.source})`,
      'note',
    );
  const result = finalizeRows(cols, timeframe, { tz: plan.tz, endStamped: plan.endStamped }, log);
  base.result = result;
  base.rowsInvalid = parser.rowsInvalid + result.invalid;
  base.errors = log.errors;
  return base;
}
