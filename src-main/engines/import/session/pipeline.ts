import { promises as fs } from 'node:fs';
import type { ImportFileResult, ImportOverrides } from '../../../../src-shared/domain/import';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { discardStagingArea, type StagedPartition, type StagingArea } from '../../catalog/index';
import { probeTimeframe, shownTimeframe } from '../detect/timeframe-probe';
import { hashFile } from '../files/registry';
import { timeframeOfSpacings } from '../read/finalize';
import { type FileRead, type ReadProgress, readSample, unreadFile } from '../read/read-file';
import { planFromSample } from '../read/read-plan';
import { mixedOffsetsNote } from '../read/row-parser';
import type { FileReader } from '../readers';
import { finishEdges } from './edges';
import { type FileImportContext, importRead, type ReadyBars, seriesOf } from './file-import';
import type { ProblemSource } from './merge-problems';
import { mergeProblems } from './merge-problems';
import type { StagedRange } from './range-stage';
import { calendarNameOf, noteOutOfSession } from './session-check';

/** How streamed imports ended since start-up: committed through staging, or handed to the plain read. */
export const streamStats = { staged: 0, fellBack: 0 };

/** Files from this size are streamed: parsed in ranges by all workers, partitions staged as they complete. */
export const STREAM_MIN_BYTES = 64 * 2 ** 20;

/** Byte offsets that cut a file into `n` ranges, each cut just after a newline near an even share. */
export async function cutPoints(file: string, size: number, n: number): Promise<number[] | null> {
  const cuts = [0];
  const fh = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    for (let k = 1; k < n; k++) {
      const at = Math.floor((size * k) / n);
      const { bytesRead } = await fh.read(buf, 0, buf.length, at);
      const nl = buf.subarray(0, bytesRead).indexOf(10);
      if (nl < 0 || at + nl + 1 >= size || at + nl + 1 <= (cuts[k - 1] as number)) return null;
      cuts.push(at + nl + 1);
    }
  } finally {
    await fh.close();
  }
  cuts.push(size);
  return cuts;
}

function sumProgress(parts: (ReadProgress | undefined)[], total: number): ReadProgress {
  let bytes = 0;
  let rows = 0;
  for (const p of parts) {
    bytes += p?.bytes ?? 0;
    rows += p?.rows ?? 0;
  }
  return { bytes, totalBytes: total, rows };
}

/**
 * Streaming import of one large file: each worker parses a byte range and stages every partition as
 * soon as it is complete (catalog/write/staged.ts) while the calling thread hashes the bytes; nothing is
 * committed until the whole file was read and validated, then one writeStaged commits it. A rejected,
 * failed or cancelled file removes its staging folder: the catalog is untouched. Returns null when
 * the file needs the plain read (rows out of time order, a quoted field across a cut, a timeframe the
 * first rows cannot tell, a catalog or reader without staging); nothing was committed then.
 */
export async function importStreamed(
  ctx: FileImportContext,
  reader: FileReader,
  file: string,
  overrides: ImportOverrides,
  startedAt: number,
  onProgress: (p: ReadProgress) => void,
  /** The file's SHA-256 when the caller already took it (findPriorImport): not hashed again. */
  knownSha256?: string,
): Promise<ImportFileResult | null> {
  const catalog = ctx.catalog;
  if (
    !reader.stageRange ||
    !reader.stageBars ||
    !catalog.stagingArea ||
    !catalog.writeStaged ||
    reader.parallelism < 2
  )
    return null;
  const sample = await readSample(file);
  const plan = planFromSample(file, sample, overrides);
  // Ranges are cut after LF bytes: UTF-16 text and CR-only lines take the plain read.
  if (plan.refusal || plan.encoding !== 'utf-8' || plan.lineBreak !== 10) return null;
  // Without a timeframe the partitions are unknown: ask the first rows first.
  let timeframe: Timeframe | null = plan.timeframe.value;
  if (!timeframe) {
    const first = await probeTimeframe(file, plan, ctx.signal);
    timeframe = shownTimeframe(first.spacing, first.dateOnly, 1);
  }
  if (!timeframe) return null;
  const skeleton = unreadFile(plan, sample, timeframe);
  const key = seriesOf(skeleton);
  const cuts = typeof key === 'string' ? null : await cutPoints(file, sample.bytes, reader.parallelism);
  if (typeof key === 'string' || !cuts) return null;
  const calendarName = await calendarNameOf(catalog, key, ctx.calendar);
  const area: StagingArea = await catalog.stagingArea();
  // Stops every range at once: on the user's cancel, or when one range finds rows out of order.
  const stop = new AbortController();
  const cancel = () => stop.abort();
  ctx.signal?.addEventListener('abort', cancel, { once: true });
  if (ctx.signal?.aborted) stop.abort();
  try {
    const progress: (ReadProgress | undefined)[] = [];
    const ranges = cuts.slice(1).map((end, k) =>
      (reader.stageRange as NonNullable<FileReader['stageRange']>)(
        {
          kind: 'stage',
          file,
          plan,
          range: { start: cuts[k] as number, end },
          first: k === 0,
          last: k === cuts.length - 2,
          timeframe,
          key,
          area,
          calendar: calendarName === '24x7' ? null : calendarName,
          catalogDir: catalog.dir,
        },
        {
          signal: stop.signal,
          onProgress: (p) => {
            progress[k] = p;
            onProgress(sumProgress(progress, sample.bytes));
          },
        },
      ),
    );
    for (const r of ranges)
      r.then(
        (s) => (s.unsorted ? stop.abort() : undefined),
        () => stop.abort(),
      );
    const hashed = knownSha256 ? Promise.resolve(knownSha256) : hashFile(file, stop.signal);
    // Every range must have stopped (no worker still writing into the staging folder) before cleanup.
    const settled = await Promise.allSettled([...ranges, hashed]);
    ctx.signal?.throwIfAborted();
    const rangesSettled = settled.slice(0, ranges.length) as PromiseSettledResult<StagedRange>[];
    if (rangesSettled.some((s) => s.status === 'fulfilled' && s.value.unsorted)) {
      // Stopped early on purpose: the plain read takes the file (the other ranges were cancelled).
      streamStats.fellBack++;
      return null;
    }
    // The error that stopped the others, not the cancellations it caused.
    const reasons = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
    const failed = reasons.find((e) => e?.name !== 'AbortError') ?? reasons[0];
    if (failed) throw failed;
    const staged = await Promise.all(ranges);
    const sha256 = await hashed;
    const dateOnly = staged.every((s) => s.dateOnly);
    const rowsParsed = staged.reduce((s, r) => s + r.rowsParsed, 0);
    const spacing = timeframeOfSpacings(new Map(staged[0]?.spacings ?? []));
    const inferred = shownTimeframe(spacing, dateOnly, rowsParsed);
    if (!inStreamableOrder(staged) || (!plan.timeframe.value && inferred !== timeframe)) {
      streamStats.fellBack++;
      return null;
    }
    streamStats.staged++;

    const offsets: number[] = [];
    let lines = 0;
    for (const s of staged) {
      offsets.push(lines);
      lines += s.lines;
    }
    const stageBars = reader.stageBars as NonNullable<FileReader['stageBars']>;
    const edges = await finishEdges(staged, offsets, {
      stage: (partKey, bars) => stageBars({ kind: 'stage-bars', area, key, partKey, bars }),
      file,
      timeframe,
      plan,
      key,
      catalogDir: catalog.dir,
      calendarName,
    });
    const sources: ProblemSource[] = staged.map((s, k) => ({ ...s, lineOffset: offsets[k] as number }));
    sources.push({
      problems: edges.log.raw,
      problemCounts: edges.log.counts,
      errors: edges.log.errors,
      lineOffset: 0,
    });
    const extra: ProblemSource = { problems: [], problemCounts: {}, errors: 0, lineOffset: 0 };
    if (plan.timeframe.value && inferred && plan.timeframe.value !== inferred)
      addRaw(extra, [
        null,
        null,
        null,
        'spacing',
        `the bars are spaced like ${inferred} but the timeframe is ${plan.timeframe.value} (from the ${plan.timeframe.source})`,
        'note',
      ]);
    const firstLines = new Map<number, number>();
    staged.forEach((s, k) => {
      for (const [off, line] of s.offsets)
        if (!firstLines.has(off)) firstLines.set(off, line + (offsets[k] as number));
    });
    const mixed = mixedOffsetsNote(firstLines);
    if (mixed) addRaw(extra, mixed);
    const collapsed = staged.reduce((s, r) => s + r.duplicatesCollapsed, edges.duplicatesCollapsed);
    if (collapsed > 0)
      addRaw(extra, [
        null,
        null,
        null,
        'duplicate_identical',
        `${collapsed} identical duplicate rows were collapsed`,
        'note',
      ]);
    sources.push(extra);
    const log = mergeProblems(file, sources);
    const parts = [...staged.flatMap((s) => s.parts), ...edges.parts].sort((a, b) => a.minTs - b.minTs);
    const read: FileRead = {
      ...skeleton,
      rowsRead: staged.reduce((s, r) => s + r.rowsRead, 0),
      rowsInvalid: staged.reduce((s, r) => s + r.rowsInvalid, edges.invalid),
      inferredTimeframe: inferred,
      problems: log.full,
      problemCounts: log.counts,
      errors: log.errors,
      sha256,
    };
    const outside = [...staged.map((s) => s.outOfSession), edges.outOfSession];
    return await importRead(
      ctx,
      read,
      overrides,
      startedAt,
      stagedBars(parts, collapsed, calendarName, outside),
    );
  } finally {
    ctx.signal?.removeEventListener('abort', cancel);
    await discardStagingArea(area);
  }
}

function addRaw(source: ProblemSource, p: ProblemSource['problems'][number]): void {
  source.problems.push(p);
  source.problemCounts[p[3]] = (source.problemCounts[p[3]] ?? 0) + 1;
  if (p[5] === 'error') source.errors++;
}

/** Each range ascending (checked by the workers), no quoted field across a cut, ranges in time order. */
function inStreamableOrder(staged: readonly StagedRange[]): boolean {
  let last = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < staged.length; k++) {
    const s = staged[k] as StagedRange;
    if (s.openQuote && k < staged.length - 1) return false;
    if (s.firstTs === null || s.lastTs === null) continue;
    if (s.firstTs < last) return false;
    last = s.lastTs;
  }
  return true;
}

function stagedBars(
  parts: StagedPartition[],
  duplicatesCollapsed: number,
  calendarName: string,
  outside: readonly StagedRange['outOfSession'][],
): ReadyBars {
  return {
    length: parts.reduce((s, p) => s + p.rows, 0),
    first: parts[0]?.minTs ?? null,
    last: parts[parts.length - 1]?.maxTs ?? null,
    duplicatesCollapsed,
    noteOutOfSession: async (_ctx, _key, r) => {
      const times = outside.flatMap((o) => o.times).sort((a, b) => a - b);
      noteOutOfSession(
        r,
        calendarName,
        times,
        outside.reduce((s, o) => s + o.count, 0),
      );
    },
    write: (ctx, key) =>
      (ctx.catalog.writeStaged as NonNullable<typeof ctx.catalog.writeStaged>)(key, parts, ctx.mode, {
        signal: ctx.signal,
        source: `import:${ctx.sessionId}`,
        calendar: ctx.calendar,
      }),
  };
}
