import type { TickPlan } from '../../../../src-shared/domain/ticks';
import { DAY_US, floorToTimeframe, type Timeframe } from '../../../../src-shared/domain/timeframe';
import { hashFile } from '../files/registry';
import { fileChunks } from '../parse/file-chunks';
import type { ReadProgress } from '../read/read-file';
import type { FileReader } from '../readers';
import { mergeProblems } from '../session/merge-problems';
import { cutPoints } from '../session/pipeline';
import type { TickBarStage } from './tick-bar-stage';
import type { TickRange, TickReadRequest, TickReadResult, TickReadTimings } from './tick-stream';
import { TickTimeReader } from './tick-time';

/** How far past the middle a day change is looked for (a day of a busy pair is ~20 MB). */
const MAX_SCAN_BYTES = 64 * 2 ** 20;

/** How tick files were read since start-up: in two ranges, or in one piece after a range met a tick outside it. */
export const tickSplitStats = { split: 0, fellBack: 0 };

/**
 * Where a file's second half begins: the first line, past the middle, whose tick falls on a later
 * UTC day than every line before it in the scan (read by the plan's own time reader), and that day's
 * start (µs). Null when no day changes within MAX_SCAN_BYTES of the middle.
 */
export async function dayCut(
  file: string,
  size: number,
  plan: TickPlan,
  signal?: AbortSignal,
): Promise<{ at: number; boundary: number } | null> {
  const cuts = await cutPoints(file, size, 2);
  if (!cuts) return null;
  const from = cuts[1]!;
  const time = new TickTimeReader(plan.time, plan.tz);
  const tsField = plan.columns.ts!;
  const delimiter = plan.delimiter.charCodeAt(0);
  /** The time of the line from `a` to `nl`: from its bytes when written plainly, else from its text. */
  const lineTime = (buf: Buffer, a: number, nl: number): number => {
    const end = nl > a && buf[nl - 1] === 13 ? nl - 1 : nl;
    let start = a;
    for (let field = 0; field < tsField && start <= end; start++) if (buf[start] === delimiter) field++;
    let stop = start;
    while (stop < end && buf[stop] !== delimiter) stop++;
    const ts = delimiter < 128 && start <= end ? time.readBytes(buf, start, stop) : Number.NaN;
    if (!Number.isNaN(ts)) return ts;
    const field = buf.toString('utf8', a, nl).split(plan.delimiter)[tsField];
    return field === undefined ? Number.NaN : time.read(field.replace(/\r$/, ''));
  };
  let maxDay = Number.NEGATIVE_INFINITY;
  let pos = from;
  let carry = Buffer.alloc(0);
  for await (const chunk of fileChunks(file, {
    start: from,
    end: Math.min(size, from + MAX_SCAN_BYTES),
    signal,
  })) {
    const buf = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let a = 0;
    for (let nl = buf.indexOf(10, a); nl >= 0; nl = buf.indexOf(10, a)) {
      const ts = lineTime(buf, a, nl);
      if (!Number.isNaN(ts)) {
        const day = Math.floor(ts / DAY_US);
        if (day > maxDay && maxDay > Number.NEGATIVE_INFINITY) return { at: pos + a, boundary: day * DAY_US };
        maxDay = Math.max(maxDay, day);
      }
      a = nl + 1;
    }
    pos += a;
    carry = Buffer.from(buf.subarray(a));
  }
  return null;
}

/**
 * Reads a tick file in two byte ranges at once, one per import worker, cut at a UTC day so each
 * range stages whole days and builds whole bars, while this thread hashes the bytes. The ranges'
 * results join into what one read of the whole file gives: the same partitions, bars, counts and
 * problems (lines shifted by the first range's lines); the bars go to `bars` range by range (the
 * result holds none). A range that meets a tick across its bounds
 * (a late tick before the cut's day, an early one after it) stops both: no read, and the caller reads
 * the file in one piece; `staged` then says whether the ranges wrote into its staging area (start a
 * new one) or never began (a file that cannot be cut keeps its area as it is).
 */
export async function readTicksSplit(
  reader: FileReader,
  base: TickReadRequest,
  size: number,
  opts: { signal?: AbortSignal; onProgress?: (p: ReadProgress) => void; bars?: TickBarStage | null },
): Promise<{ read: TickReadResult } | { read: null; staged: boolean }> {
  const { plan } = base;
  const notCut = { read: null, staged: false } as const;
  // Trade ids are checked per day with the ids before a day's first tick: kept in one read.
  if (reader.parallelism < 2 || plan.columns.id !== undefined) return notCut;
  const cut = await dayCut(base.file, size, plan, opts.signal);
  if (!cut) return notCut;
  // A bar across the cut would be built half by each range.
  if (
    plan.timeframe &&
    floorToTimeframe(cut.boundary / 1000, plan.timeframe as Timeframe) !== cut.boundary / 1000
  )
    return notCut;
  const ranges: TickRange[] = [
    { start: 0, end: cut.at, bounds: { floor: Number.NEGATIVE_INFINITY, ceil: cut.boundary } },
    { start: cut.at, end: size, bounds: { floor: cut.boundary, ceil: Number.POSITIVE_INFINITY } },
  ];
  const stop = new AbortController();
  const cancel = () => stop.abort();
  opts.signal?.addEventListener('abort', cancel, { once: true });
  if (opts.signal?.aborted) stop.abort();
  try {
    const progress: ReadProgress[] = [];
    const reads = ranges.map((range, k) =>
      reader.readTicks(
        { ...base, range },
        {
          signal: stop.signal,
          onProgress: (p) => {
            progress[k] = p;
            opts.onProgress?.({
              bytes: progress.reduce((s, q) => s + q.bytes, 0),
              totalBytes: size,
              rows: progress.reduce((s, q) => s + q.rows, 0),
            });
          },
          onBars: (bars, volume) => opts.bars?.part(k, bars, volume),
        },
      ),
    );
    for (const r of reads)
      r.then(
        (s) => (s.outsideRange ? stop.abort() : undefined),
        () => stop.abort(),
      );
    const hashed = hashFile(base.file, stop.signal);
    // Both ranges must have stopped (no worker still staging) before the caller may discard the area.
    const settled = await Promise.allSettled([...reads, hashed]);
    opts.signal?.throwIfAborted();
    const done = settled
      .slice(0, 2)
      .flatMap((s) => (s.status === 'fulfilled' ? [s.value as TickReadResult] : []));
    if (done.some((r) => r.outsideRange)) {
      tickSplitStats.fellBack++;
      return { read: null, staged: true };
    }
    const reasons = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
    const failed = reasons.find((e) => e?.name !== 'AbortError') ?? reasons[0];
    if (failed) throw failed;
    tickSplitStats.split++;
    for (const [k, r] of done.entries()) opts.bars?.end(k, r.bars, r.volume);
    return { read: joinRanges(base, done[0]!, done[1]!, (await hashed) as string) };
  } finally {
    opts.signal?.removeEventListener('abort', cancel);
  }
}

/** The two ranges' results as one read of the whole file, less the bars (handed to the stage). */
function joinRanges(
  base: TickReadRequest,
  a: TickReadResult,
  b: TickReadResult,
  sha256: string,
): TickReadResult {
  const { plan } = base;
  const log = mergeProblems(base.file, [
    { problems: a.raw, problemCounts: a.problemCounts, errors: a.errors, lineOffset: 0 },
    { problems: b.raw, problemCounts: b.problemCounts, errors: b.errors, lineOffset: a.lines },
  ]);
  const reordered = a.reordered + b.reordered;
  if (reordered > 0)
    log.add(
      null,
      plan.columnNames[plan.columns.ts!] ?? null,
      null,
      'ticks_reordered',
      `${reordered} ticks came up to ${plan.toleranceMs} ms out of time order and were put in order`,
      'note',
    );
  // The file's volume is its first day's (the first range's when it has ticks); each range summed sizes.
  const volume = a.volume ?? b.volume;
  const timings = {} as TickReadTimings;
  for (const k of Object.keys(a.timings) as (keyof TickReadTimings)[])
    timings[k] = a.timings[k] + b.timings[k];
  return {
    staged: [...a.staged, ...b.staged],
    bars: null,
    volume,
    bytes: a.bytes + b.bytes,
    rowsRead: a.rowsRead + b.rowsRead,
    rowsInvalid: a.rowsInvalid + b.rowsInvalid,
    ticks: a.ticks + b.ticks,
    reordered,
    first: a.first ?? b.first,
    last: b.last ?? a.last,
    problems: log.full,
    raw: log.raw,
    problemCounts: log.counts,
    errors: log.errors,
    sha256,
    lines: a.lines + b.lines,
    outsideRange: false,
    timings,
  };
}
