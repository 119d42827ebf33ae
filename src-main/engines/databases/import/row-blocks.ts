import {
  BAR_OPTIONAL_COLUMNS,
  type BarOptionalColumn,
  type TsLimits,
} from '../../../../src-shared/domain/bar';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import { type BarBatch, crashPoint } from '../../catalog/index';
import type { DbImportPlan } from '../plan';
import { type DbRowProblem, type DbRowRule, isProblem, RowReader } from '../rows';
import { splitTsvLine } from '../tsv';
import { SeriesChunk } from './chunk';
import { ProblemLog } from './problems';

/** One block of source rows (whole lines of the COPY / TabSeparated text) read through the rules. */
export interface ParsedBlock {
  /** Source rows in the block, problems included. */
  rows: number;
  /** The accepted bars per series, in source order, with their first and last time. */
  series: { id: string; key: SeriesKey; batch: BarBatch }[];
  /** The first problems of the block (at most as many as a report lists) and counts of all. */
  problems: DbRowProblem[];
  byRule: Partial<Record<DbRowRule, number>>;
  /** The key columns of the block's last row (what the watermark keeps). */
  lastKey: string[] | null;
}

/** What a worker is asked: one block read by a fresh reader (no duplicate state: the caller checks). */
export interface RowBlockRequest {
  kind: 'rows';
  plan: DbImportPlan;
  limits: TsLimits;
  text: Uint8Array;
}

export function extraColumns(plan: DbImportPlan): BarOptionalColumn[] {
  return BAR_OPTIONAL_COLUMNS.filter((c) => plan.map[c] !== undefined);
}

/** The key columns of a row as text: the ts key then the series columns (what the watermark keeps). */
export function keyOf(row: readonly (string | null)[], plan: DbImportPlan): string[] {
  const n = 'fixed' in plan.series ? 1 : plan.series.timeframeCol ? 4 : 3;
  return row.slice(0, n).map((v) => v ?? '');
}

/**
 * Reads a block of rows with `reader` (the same split and rules as a row-by-row read, so the same
 * bars and problems); the reader's duplicate state carries over from the blocks before. Plain lines
 * are read from their bytes (RowReader.readBytes), any other as text, each with the same rules.
 */
export function readRowBlock(reader: RowReader, plan: DbImportPlan, block: Uint8Array): ParsedBlock {
  const text = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
  // ignoreBOM: a U+FEFF opening a line is data, as it is mid-stream on the one-thread read.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const lineText = (s: number, e: number) => splitTsvLine(decoder.decode(text.subarray(s, e)));
  const chunk = new SeriesChunk(extraColumns(plan));
  const log = new ProblemLog();
  let rows = 0;
  let last = -1;
  const n = text.length;
  for (let s = 0; s < n; ) {
    const nl = text.indexOf(10, s);
    const e = nl < 0 ? n : nl;
    rows++;
    last = s;
    const fast = reader.readBytes(text, s, e);
    if (fast === null) {
      const r = reader.read(lineText(s, e));
      if (isProblem(r)) log.add(r);
      else chunk.add(r.series, r.key, r);
    } else if ('rule' in fast) log.add(fast);
    else chunk.add(fast.id, fast.key, reader.bar);
    s = e + 1;
  }
  return {
    rows,
    series: chunk.take(),
    problems: log.first,
    byRule: log.byRule,
    lastKey: last < 0 ? null : keyOf(lineText(last, lineEnd(text, last)), plan),
  };
}

function lineEnd(text: Buffer, s: number): number {
  const nl = text.indexOf(10, s);
  return nl < 0 ? text.length : nl;
}

/** A worker's answer: the block read, and its text handed back (it was moved to the worker, not copied). */
export type RowBlockAnswer = ParsedBlock & { text: Uint8Array };

/** A worker's answer to a RowBlockRequest (it reads with no state from earlier blocks). */
export function readRowBlockFresh(req: RowBlockRequest): RowBlockAnswer {
  // Test hook: BARCAT_THREAD_EXIT_AT=db-row-block ends the worker thread here.
  crashPoint('db-row-block');
  return { ...readRowBlock(new RowReader(req.plan, req.limits), req.plan, req.text), text: req.text };
}

/**
 * The buffer of `bytes` to move (not copy) between threads: only when the view spans all of it (a
 * small Buffer may sit in Node's shared pool, which must never move).
 */
export function ownBuffer(bytes: Uint8Array): ArrayBuffer[] {
  const b = bytes.buffer;
  return b instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === b.byteLength ? [b] : [];
}

/**
 * Whether a block read without duplicate state gives what a reader with `last` (each series' last
 * accepted time before the block) would: yes unless a series' first accepted time is not after it.
 * Rows before a series' first accepted one broke a bar rule, checked before the duplicate rule, so
 * those verdicts agree; from that row on both readers hold the same state.
 */
export function agreesWith(block: ParsedBlock, last: ReadonlyMap<string, number>): boolean {
  return block.series.every((s) => {
    const prev = last.get(s.id);
    return prev === undefined || (s.batch.ts[0] as number) > prev;
  });
}
