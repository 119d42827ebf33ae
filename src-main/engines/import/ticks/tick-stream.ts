import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { ErrorPolicy, ImportProblem } from '../../../../src-shared/domain/import';
import type { TickPlan, TickVolume } from '../../../../src-shared/domain/ticks';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import {
  type BarBatch,
  loadParquetLibs,
  type StageClock,
  type StagedTicks,
  type StagingArea,
  stageTicks,
  type TickBatch,
} from '../../catalog/index';
import { fileChunks } from '../parse/file-chunks';
import { ProblemLog, type RawProblem } from '../parse/problems';
import { withoutBom } from '../parse/text-encoding';
import type { ReadProgress } from '../read/read-file';
import { TickBarBuilder, volumeOf } from './tick-bars';
import { OUTSIDE_RANGE, type TickBounds, TickRows } from './tick-rows';

/** One tick file to read through in a worker: its plan (run verbatim) and where to stage its days. */
export interface TickReadRequest {
  kind: 'ticks';
  file: string;
  plan: TickPlan;
  onError: ErrorPolicy;
  /** The staging area for the ticks (the plan keeps them), or null. */
  area: StagingArea | null;
  /** Hash the bytes while reading (false: the caller hashes them on its own thread meanwhile). */
  hash?: boolean;
  /** One byte range of the file, cut at a UTC day (tick-split.ts); the whole file when absent. */
  range?: TickRange;
}

/** Bytes [start, end) of a file, cut after a newline, whose ticks lie in [bounds.floor, bounds.ceil). */
export interface TickRange {
  start: number;
  end: number;
  bounds: TickBounds;
}

/** Milliseconds a read spent per stage (the bench prints them; parse is what is left of the busy time). */
export interface TickReadTimings extends StageClock {
  parseMs: number;
  hashMs: number;
  barsMs: number;
}

/** Takes a read's bars one catalog partition at a time as each completes, with the read's volume. */
export type TickBarsHandOver = (bars: BarBatch, volume: TickVolume) => void;

export interface TickReadResult {
  staged: StagedTicks[];
  /** The bars not handed over (`onBars`): the last partition's, or all without it; null under reject with errors. */
  bars: BarBatch | null;
  volume: TickVolume | null;
  bytes: number;
  rowsRead: number;
  rowsInvalid: number;
  ticks: number;
  reordered: number;
  /** First and last tick, µs UTC. */
  first: number | null;
  last: number | null;
  problems: ImportProblem[];
  /** The problems as found (those ProblemLog keeps in full), for merging a range's with shifted lines. */
  raw: RawProblem[];
  problemCounts: Record<string, number>;
  errors: number;
  /** Null when the caller hashes (`hash: false`). */
  sha256: string | null;
  /** Physical lines read (a range's problem lines count from its own start). */
  lines: number;
  /** A range met a tick outside its bounds and stopped: the file is read in one piece instead. */
  outsideRange: boolean;
  timings: TickReadTimings;
}

/**
 * Reads one tick file through in 1 MiB chunks, holding at most one UTC day (or a million ticks)
 * at a time: each day is staged into the catalog's staging area and fed to the bar builder. Under
 * the reject policy nothing more is staged after the first error (the caller discards the area);
 * the rest is still read to report every problem. Given `onBars`, each partition's bars go to it
 * as soon as they are complete.
 */
export async function readTickFile(
  req: TickReadRequest,
  opts: { signal?: AbortSignal; onProgress?: (p: ReadProgress) => void; onBars?: TickBarsHandOver } = {},
): Promise<TickReadResult> {
  const { plan, area } = req;
  await loadParquetLibs();
  const log = new ProblemLog(req.file);
  const staged: StagedTicks[] = [];
  const timings: TickReadTimings = { parseMs: 0, hashMs: 0, barsMs: 0, encodeMs: 0, writeMs: 0 };
  let builder: TickBarBuilder | undefined;
  let volume: TickVolume | null = null;
  let first: number | null = null;
  let last: number | null = null;
  const key = { venue: plan.venue, symbol: plan.symbol, kind: plan.kind };
  // A range's bars sum sizes whatever its own first day says: the file's volume is the first range's,
  // and a count is then taken from `trades` (tick-split.ts).
  const barVolume = (day: TickBatch) => (req.range ? 'size' : volumeOf(day, plan.price!));
  const rows = new TickRows(
    plan,
    log,
    async (day: TickBatch) => {
      first ??= day.ts[0]!;
      last = day.ts[day.length - 1]!;
      if (req.onError === 'reject' && log.errors > 0) return;
      if (area) staged.push(...(await stageTicks(area, key, day, timings)));
      if (plan.ticks !== 'keep' && plan.price && plan.timeframe) {
        const t0 = performance.now();
        if (!builder) {
          const v = volumeOf(day, plan.price);
          volume = v;
          const onBars = opts.onBars;
          builder = new TickBarBuilder(
            plan.timeframe as Timeframe,
            plan.price,
            barVolume(day),
            onBars && ((bars) => onBars(bars, v)),
          );
        }
        builder.add(day);
        timings.barsMs += performance.now() - t0;
      }
    },
    undefined,
    req.range?.bounds,
  );
  const start = req.range?.start ?? 0;
  const total = req.range ? req.range.end - start : statSync(req.file).size;
  const hash = req.hash === false || req.range ? null : createHash('sha256');
  let bytes = 0;
  let line = 0;
  /** The start of a line a chunk's end cut (a copy: fileChunks reuses its buffers). */
  let carry: Buffer | null = null;
  let lastReport = 0;
  let outsideRange = false;
  /** One line of `buf` from `a` to its line break at `nl` (or its end); a promise when a day is handed over. */
  const lineAt = (buf: Buffer, a: number, nl: number): Promise<void> | undefined => {
    line++;
    const b = nl > a && buf[nl - 1] === 13 ? nl - 1 : nl;
    if (line === 1 && start === 0) {
      if (plan.hasHeader) return undefined;
      // Line 1 is decoded as a stream's start: a byte-order mark is no part of the first field.
      return rows.push(withoutBom(new TextDecoder('utf-8').decode(buf.subarray(a, b))).text, line);
    }
    return rows.pushBytes(buf, a, b, line);
  };
  // Busy time in the loop; parse is what stays after the hash and the day hand-overs are taken out.
  let busy = 0;
  try {
    for await (const chunk of fileChunks(req.file, { signal: opts.signal, start, end: req.range?.end })) {
      const t0 = performance.now();
      hash?.update(chunk);
      timings.hashMs += performance.now() - t0;
      bytes += chunk.length;
      let at = 0;
      if (carry) {
        const nl = chunk.indexOf(10);
        const joined: Buffer = Buffer.concat([carry, nl < 0 ? chunk : chunk.subarray(0, nl)]);
        carry = nl < 0 ? joined : null;
        if (nl >= 0) {
          const handOver = lineAt(joined, 0, joined.length);
          if (handOver !== undefined) await handOver;
          at = nl + 1;
        } else at = chunk.length;
      }
      for (let nl = chunk.indexOf(10, at); nl >= 0; nl = chunk.indexOf(10, at)) {
        const handOver = lineAt(chunk, at, nl);
        if (handOver !== undefined) await handOver;
        at = nl + 1;
      }
      if (at < chunk.length) carry = Buffer.from(chunk.subarray(at));
      busy += performance.now() - t0;
      const now = Date.now();
      if (opts.onProgress && now - lastReport >= 100) {
        lastReport = now;
        opts.onProgress({ bytes, totalBytes: total, rows: rows.rowsRead });
      }
    }
    // The last line, when no line break ends it (a lone CR is none).
    if (carry && carry.length > (carry[carry.length - 1] === 13 ? 1 : 0)) {
      const handOver = lineAt(carry, 0, carry.length);
      if (handOver !== undefined) await handOver;
    }
    await rows.end();
  } catch (err) {
    if (err !== OUTSIDE_RANGE) throw err;
    outsideRange = true;
  }
  timings.parseMs = Math.max(0, busy - timings.hashMs - timings.barsMs - timings.encodeMs - timings.writeMs);
  opts.onProgress?.({ bytes, totalBytes: total, rows: rows.rowsRead });
  // A range's count goes to the caller, which notes the file's total once.
  if (rows.reordered > 0 && !req.range)
    log.add(
      null,
      plan.columnNames[plan.columns.ts!] ?? null,
      null,
      'ticks_reordered',
      `${rows.reordered} ticks came up to ${plan.toleranceMs} ms out of time order and were put in order`,
      'note',
    );
  const bars =
    builder && !(req.onError === 'reject' && log.errors > 0) ? (builder as TickBarBuilder).bars() : null;
  return {
    staged,
    bars,
    volume,
    bytes,
    rowsRead: rows.rowsRead,
    rowsInvalid: rows.rowsInvalid,
    ticks: rows.ticks,
    reordered: rows.reordered,
    first,
    last,
    problems: log.full,
    raw: log.raw,
    problemCounts: log.counts,
    errors: log.errors,
    sha256: hash?.digest('hex') ?? null,
    lines: line,
    outsideRange,
    timings,
  };
}
