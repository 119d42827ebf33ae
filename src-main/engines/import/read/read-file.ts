import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { ImportOverrides, ImportProblem } from '../../../../src-shared/domain/import';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { BarcatError } from '../../../plumbing/errors';
import { fsFailure } from '../../../plumbing/fs-errors';
import { fileChunks } from '../parse/file-chunks';
import { MAX_LINE_BYTES } from '../parse/line-cap';
import { ProblemLog } from '../parse/problems';
import { detectEncoding, type TextEncoding, withoutBom } from '../parse/text-encoding';
import { type Finalized, fileTimeframe, finalizeRows, reportNoTimeframe } from './finalize';
import { planFromSample, type ReadPlan } from './read-plan';
import { RowParser } from './row-parser';

const SAMPLE_BYTES = 64 * 1024;
/** A sample grows to this size when its first lines are long (a wide header, a long first row). */
const MAX_SAMPLE_BYTES = MAX_LINE_BYTES + SAMPLE_BYTES;

export interface Sample {
  /** The first lines as text, line breaks as `\n`, BOM removed. */
  text: string;
  bom: boolean;
  bytes: number;
  encoding: TextEncoding;
  /** The byte ending a line: LF (CRLF too), or CR for files with CR-only line endings. */
  lineBreak: 10 | 13;
  /** No line ends within the largest sample: its first line is too long to be CSV. */
  longFirstLine: boolean;
  /** The sample is the whole file. */
  whole: boolean;
}

/** A file the import cannot stat or open, with the reason (ENOENT, EACCES, ...). */
function unreadable(file: string, err: unknown): BarcatError {
  return new BarcatError('BAD_INPUT', `cannot read ${file}: ${fsFailure(err)}`);
}

/** Refuses what is not a regular file before opening it: a FIFO would block the read for ever. */
export async function checkRegularFile(file: string): Promise<void> {
  let st: import('node:fs').Stats;
  try {
    st = await fs.stat(file);
  } catch (err) {
    throw unreadable(file, err);
  }
  if (!st.isFile())
    throw new BarcatError(
      'BAD_INPUT',
      `${file} is not a regular file (a ${st.isFIFO() ? 'FIFO' : st.isDirectory() ? 'folder' : 'socket or device'}); import reads files saved on disk`,
    );
}

function decodeSample(buf: Buffer, whole: boolean, maxed: boolean): Omit<Sample, 'bytes'> {
  const encoding = detectEncoding(buf);
  const usable = encoding === 'utf-8' ? buf : buf.subarray(0, buf.length & ~1);
  const decoded = withoutBom(new TextDecoder(encoding, { ignoreBOM: true }).decode(usable));
  const bom = decoded.bom;
  let text = decoded.text;
  const lineBreak = text.includes('\n') || !text.includes('\r') ? 10 : 13;
  if (lineBreak === 13) text = text.replace(/\r/g, '\n');
  const cut = text.lastIndexOf('\n');
  const longFirstLine = !whole && maxed && cut < 0;
  if (!whole) text = text.slice(0, Math.max(0, cut));
  return { text, bom, encoding, lineBreak, longFirstLine, whole };
}

/**
 * The first 64 KiB of a file as text, cut at the last full line; read further (up to 1 MiB more)
 * while it holds fewer than three lines, so a wide header or a long first row is seen whole.
 */
export async function readSample(file: string): Promise<Sample> {
  await checkRegularFile(file);
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (err) {
    throw unreadable(file, err);
  }
  try {
    const { size } = await handle.stat();
    for (let want = Math.min(SAMPLE_BYTES, size); ; want = Math.min(size, want * 4, MAX_SAMPLE_BYTES)) {
      const buf = Buffer.alloc(want);
      const { bytesRead } = await handle.read(buf, 0, want, 0);
      const whole = bytesRead >= size;
      const maxed = want >= MAX_SAMPLE_BYTES;
      const sample = decodeSample(buf.subarray(0, bytesRead), whole, maxed);
      if (whole || maxed || sample.text.split('\n').length >= 3) return { ...sample, bytes: size };
    }
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
  /** Leave the mixed-offsets note to the caller (a streamed range; see RowParser.end). */
  noOffsetsNote?: boolean;
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
  /** Rows parsed straight through their chunk by the byte path (readFileBars only). */
  rowsStraight?: number;
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
  const { lineBreak, maxLineBytes, encoding } = parser.plan;
  // The line cut by a chunk boundary, in pieces (one copy when it ends, never one per chunk).
  const carry = new LineCarry(maxLineBytes);
  let line = 0;
  let bytes = 0;
  let lastReport = 0;
  const start0 = opts.range?.start ?? 0;
  const chunks = fileChunks(file, { start: start0, end: opts.range?.end, signal: opts.signal });
  // UTF-16 is turned into UTF-8 chunk by chunk; the rows are then read like any other.
  const utf16 = encoding === 'utf-8' ? undefined : new TextDecoder(encoding);
  // Without a row limit (checked after every line below), rows need not come line by line: the
  // parser reads them straight through each chunk, a slice's worth at most (it ends where it would).
  const straight = opts.maxRows === undefined && lineBreak === 10;
  const sliceRows = opts.slice?.rows ?? Number.POSITIVE_INFINITY;
  const feed = (buf: Buffer, start: number, end: number) => {
    line++;
    if (carry.length > 0 || carry.overlong) {
      const joined = carry.join(buf, start, end);
      if (joined) parser.pushBytes(joined, 0, joined.length, line);
      else parser.longLine(line);
    } else if (end - start > maxLineBytes) parser.longLine(line);
    else parser.pushBytes(buf, start, end, line);
  };
  try {
    for await (const chunk of chunks) {
      hash?.update(chunk);
      let buf: Buffer = utf16 ? Buffer.from(utf16.decode(chunk, { stream: true })) : chunk;
      if (bytes === 0 && start0 === 0 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
        buf = buf.subarray(3);
      bytes += chunk.length;
      let start = 0;
      for (;;) {
        // The parser stops at anything but a plain row; that line comes through feed as before.
        if (straight && carry.length === 0 && !carry.overlong) {
          start = parser.pushRows(buf, start, line, maxLineBytes, sliceRows);
          line += parser.linesTaken;
          if (opts.slice && parser.cols.length >= sliceRows) {
            await opts.slice.flush();
            // A flush that took no rows would have this loop take none either, for ever.
            if (parser.cols.length >= sliceRows)
              throw new BarcatError(
                'INTERNAL',
                `a slice flush left ${parser.cols.length} rows of ${sliceRows} buffered`,
              );
            continue;
          }
        }
        const nl = buf.indexOf(lineBreak, start);
        if (nl < 0) break;
        feed(buf, start, nl);
        start = nl + 1;
        if (opts.maxRows !== undefined && parser.rowsRead >= opts.maxRows)
          return { sha256: null, lines: line };
        if (opts.slice && parser.cols.length >= opts.slice.rows) await opts.slice.flush();
      }
      carry.keep(buf, start);
      opts.afterChunk?.();
      const now = Date.now();
      if (opts.onProgress && now - lastReport >= 100) {
        lastReport = now;
        opts.onProgress({ bytes, totalBytes: total, rows: parser.rowsRead });
      }
    }
    const tail = utf16 ? Buffer.from(utf16.decode()) : undefined;
    if (tail && tail.length > 0) carry.keep(tail, 0);
    if (carry.length > 0 || carry.overlong) feed(Buffer.alloc(0), 0, 0);
    parser.end(!opts.noOffsetsNote);
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
  const plan = planFromSample(file, sample, overrides);
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
  base.rowsStraight = parser.rowsStraight;
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

/** The start of a line that goes on in the next chunk; past the cap only its length is kept. */
class LineCarry {
  private parts: Buffer[] = [];
  length = 0;
  overlong = false;

  constructor(private readonly cap: number) {}

  /** Keeps buf[start..] (a copy: the chunk's buffer is read into again). */
  keep(buf: Buffer, start: number): void {
    if (start >= buf.length) return;
    this.length += buf.length - start;
    if (this.overlong || this.length > this.cap) {
      this.overlong = true;
      this.parts = [];
    } else this.parts.push(Buffer.from(buf.subarray(start)));
  }

  /** The whole line ending at buf[end], or null when it is longer than the cap; then starts over. */
  join(buf: Buffer, start: number, end: number): Buffer | null {
    const long = this.overlong || this.length + end - start > this.cap;
    const joined = long ? null : Buffer.concat([...this.parts, buf.subarray(start, end)]);
    this.parts = [];
    this.length = 0;
    this.overlong = false;
    return joined;
  }
}
