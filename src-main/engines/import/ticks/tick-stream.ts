import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { ErrorPolicy, ImportProblem } from '../../../../src-shared/domain/import';
import type { TickPlan, TickVolume } from '../../../../src-shared/domain/ticks';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import {
  type BarBatch,
  loadParquetLibs,
  type StagedTicks,
  type StagingArea,
  stageTicks,
  type TickBatch,
} from '../../catalog/index';
import { fileChunks } from '../parse/file-chunks';
import { ProblemLog } from '../parse/problems';
import { withoutBom } from '../parse/text-encoding';
import type { ReadProgress } from '../read/read-file';
import { TickBarBuilder, volumeOf } from './tick-bars';
import { TickRows } from './tick-rows';

/** One tick file to read through in a worker: its plan (run verbatim) and where to stage its days. */
export interface TickReadRequest {
  kind: 'ticks';
  file: string;
  plan: TickPlan;
  onError: ErrorPolicy;
  /** The staging area for the ticks (the plan keeps them), or null. */
  area: StagingArea | null;
}

export interface TickReadResult {
  staged: StagedTicks[];
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
  problemCounts: Record<string, number>;
  errors: number;
  sha256: string;
}

/**
 * Reads one tick file through in 1 MiB chunks, holding at most one UTC day (or a million ticks)
 * at a time: each day is staged into the catalog's staging area and fed to the bar builder. Under
 * the reject policy nothing more is staged after the first error (the caller discards the area);
 * the rest is still read to report every problem.
 */
export async function readTickFile(
  req: TickReadRequest,
  opts: { signal?: AbortSignal; onProgress?: (p: ReadProgress) => void } = {},
): Promise<TickReadResult> {
  const { plan, area } = req;
  await loadParquetLibs();
  const log = new ProblemLog(req.file);
  const staged: StagedTicks[] = [];
  let builder: TickBarBuilder | undefined;
  let volume: TickVolume | null = null;
  let first: number | null = null;
  let last: number | null = null;
  const key = { venue: plan.venue, symbol: plan.symbol, kind: plan.kind };
  const rows = new TickRows(plan, log, async (day: TickBatch) => {
    first ??= day.ts[0]!;
    last = day.ts[day.length - 1]!;
    if (req.onError === 'reject' && log.errors > 0) return;
    if (area) staged.push(...(await stageTicks(area, key, day)));
    if (plan.ticks !== 'keep' && plan.price && plan.timeframe) {
      if (!builder) {
        volume = volumeOf(day, plan.price);
        builder = new TickBarBuilder(plan.timeframe as Timeframe, plan.price, volume);
      }
      builder.add(day);
    }
  });
  const total = statSync(req.file).size;
  const hash = createHash('sha256');
  let bytes = 0;
  let line = 0;
  let carry = '';
  let lastReport = 0;
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of fileChunks(req.file, { signal: opts.signal })) {
    hash.update(chunk);
    bytes += chunk.length;
    const text = carry + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      line++;
      const a = start;
      const b = nl > a && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      start = nl + 1;
      if (line === 1 && plan.hasHeader) continue;
      const handOver =
        line === 1 ? rows.push(withoutBom(text.slice(a, b)).text, line) : rows.pushAt(text, a, b, line);
      if (handOver !== undefined) await handOver;
    }
    carry = text.slice(start);
    const now = Date.now();
    if (opts.onProgress && now - lastReport >= 100) {
      lastReport = now;
      opts.onProgress({ bytes, totalBytes: total, rows: rows.rowsRead });
    }
  }
  carry += decoder.decode();
  if (carry.replace(/\r$/, '').length > 0) {
    line++;
    if (!(line === 1 && plan.hasHeader)) await rows.push(carry.replace(/\r$/, ''), line);
  }
  await rows.end();
  opts.onProgress?.({ bytes, totalBytes: total, rows: rows.rowsRead });
  if (rows.reordered > 0)
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
    problemCounts: log.counts,
    errors: log.errors,
    sha256: hash.digest('hex'),
  };
}
