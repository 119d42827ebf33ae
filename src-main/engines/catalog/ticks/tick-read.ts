import path from 'node:path';
import type { Table } from 'apache-arrow';
import type { Interval } from '../../../../src-shared/domain/range';
import type { TickKey } from '../../../../src-shared/domain/ticks';
import { BarcatError } from '../../../plumbing/errors';
import { type ColumnSink, decodeColumnsInto } from '../parquet/ffi-decode';
import { corruptIfThrows, readPartitionAsTable } from '../partition-io';
import { trustedPartitionBytes } from '../read/partition-check';
import type { SharedReader } from '../read/partition-decoder';
import { type PartitionRead, readPartitionBytes } from '../read/partition-read';
import { type Column, concatTicks, pickTicks, type TickBatch, tickBatchOf } from './tick-batch';
import { decodeTicks, ticksFromTable } from './tick-codec';
import { tickDayDir } from './tick-layout';
import type { TickFileEntry, TickManifest } from './tick-manifest';

export function tickFilePath(root: string, key: TickKey, e: TickFileEntry): string {
  return path.join(tickDayDir(root, key, e.date), e.file);
}

/** Reads one tick file once, checking it is inside the catalog and its bytes are the manifest's. */
export async function readTickFile(root: string, key: TickKey, e: TickFileEntry): Promise<TickBatch> {
  const file = tickFilePath(root, key, e);
  const bytes = trustedPartitionBytes(root, file, e.sha256);
  try {
    return decodeTicks(key.kind, bytes);
  } catch (err) {
    throw new BarcatError(
      'CORRUPT',
      `tick file ${file} cannot be decoded (${(err as Error).message}); run "barcat verify" to quarantine it`,
    );
  }
}

/** Files of the manifest in time order (a day's chunks follow each other). */
export function filesInOrder(m: TickManifest): TickFileEntry[] {
  return [...m.files].sort((a, b) => a.minTs - b.minTs || a.file.localeCompare(b.file));
}

/**
 * Rows per read handed to the decoder: about a week of a real FX pair's quotes (a month is 3-5M),
 * enough files for both threads to share, while a caller that folds them never holds a month whole.
 */
export const TICK_READ_CHUNK_ROWS = 1_000_000;

const REQUIRED = { quotes: ['bid', 'ask'], trades: ['price', 'size'] };

/** Which columns a scan decodes: ts always, then the named ones the file holds; undefined reads all. */
function columnsToRead(
  e: TickFileEntry,
  kind: TickKey['kind'],
  want?: readonly string[],
): string[] | undefined {
  if (!want) return undefined;
  return ['ts', ...want.filter((c) => REQUIRED[kind].includes(c) || e.columns.includes(c))];
}

/** The Arrow formats each stored tick column is written in (tick-codec.ts): µs timestamps, float64, int8 side, int64 id. */
function tickFormat(name: string): (f: string) => boolean {
  if (name === 'ts') return (f) => f.startsWith('tsu:');
  if (name === 'side') return (f) => f === 'c';
  if (name === 'id') return (f) => f === 'l';
  return (f) => f === 'g';
}

/** A file whose tick count is not its manifest's is refused, whichever thread decoded it. */
function checkTickCount(file: string, got: number, rows: number): void {
  if (got !== rows)
    throw new BarcatError(
      'CORRUPT',
      `tick file ${file} holds ${got} ticks where its manifest says ${rows}; run "barcat verify" to quarantine it`,
      { reason: 'row_count', file, rows: got, manifestRows: rows },
    );
}

/** A decoded tick file's table as a batch, its count checked against the manifest's. */
function checkedTicks(kind: TickKey['kind'], file: string, table: Table, rows: number): TickBatch {
  checkTickCount(file, table.numRows, rows);
  return ticksFromTable(kind, table);
}

/**
 * One tick file decoded on this thread straight into a batch's columns (parquet/ffi-decode.ts):
 * no IPC stream, no Arrow table, no copy out of one; a file of another layout is read as a table.
 * `rows` is the manifest's count, checked. The file is read once, its checksum checked on the
 * bytes decoded (readPartitionBytes).
 */
function decodeTickFileHere(kind: TickKey['kind'], read: PartitionRead, rows: number, all: string[]) {
  return corruptIfThrows(read.file, async () => {
    const bytes = readPartitionBytes(read);
    const names = read.columns ?? all;
    const cols = new Map<string, Column>();
    const sinks = new Map<string, ColumnSink>();
    for (const name of names) {
      const out = name === 'side' ? new Int8Array(rows) : new Float64Array(rows);
      cols.set(name, out);
      sinks.set(name, { accepts: tickFormat(name), out, nullValue: name === 'side' ? 0 : Number.NaN });
    }
    const got = decodeColumnsInto(bytes, names, sinks, 0);
    if (got === undefined) return checkedTicks(kind, read.file, await readPartitionAsTable(read), rows);
    checkTickCount(read.file, got, rows);
    return tickBatchOf(kind, rows, cols);
  });
}

/**
 * Ticks with from <= ts < to (range in ms, as every range in Barcat), in time order, reading only
 * overlapping files and, given `columns`, only those columns (a required one not read is NaN). The
 * `reader` (read/partition-decoder.ts) decides per chunk of TICK_READ_CHUNK_ROWS where its files are
 * decoded: on this thread straight into columns (decodeTickFileHere), or shared with a worker as tables.
 */
export async function scanTickRange(
  root: string,
  key: TickKey,
  m: TickManifest,
  range: Interval | undefined,
  onBatch: (b: TickBatch) => void,
  reader: SharedReader,
  columns?: readonly string[],
): Promise<void> {
  const from = range ? range.from * 1000 : Number.NEGATIVE_INFINITY;
  const to = range ? range.to * 1000 : Number.POSITIVE_INFINITY;
  const files = filesInOrder(m).filter((e) => e.maxTs >= from && e.minTs < to);
  for (let start = 0; start < files.length; ) {
    let end = start;
    let rows = 0;
    while (end < files.length && (end === start || rows + files[end]!.rows <= TICK_READ_CHUNK_ROWS))
      rows += files[end++]!.rows;
    const chunk = files.slice(start, end);
    // Each file is checked where it is decoded (PartitionRead.trust), on this thread or a worker.
    const reads: PartitionRead[] = chunk.map((e) => ({
      file: tickFilePath(root, key, e),
      columns: columnsToRead(e, key.kind, columns),
      trust: { root, sha256: e.sha256 },
    }));
    let batches: TickBatch[];
    if (reader.decodesHere(reads, rows)) {
      batches = [];
      for (const [i, e] of chunk.entries())
        batches.push(
          await decodeTickFileHere(key.kind, reads[i]!, e.rows, ['ts', ...REQUIRED[key.kind], ...e.columns]),
        );
      reader.decodedHere(reads, rows);
    } else
      batches = (await reader.read(reads, rows)).map((t, i) =>
        checkedTicks(key.kind, reads[i]!.file, t, chunk[i]!.rows),
      );
    chunk.forEach((e, i) => {
      const b = batches[i]!;
      if (e.minTs >= from && e.maxTs < to) onBatch(b);
      else {
        const picked: number[] = [];
        for (let r = 0; r < b.length; r++) if (b.ts[r]! >= from && b.ts[r]! < to) picked.push(r);
        onBatch(pickTicks(b, picked));
      }
    });
    start = end;
  }
}

/** Ticks with from <= ts < to (range in ms), as one batch. */
export async function queryTickRange(
  root: string,
  key: TickKey,
  m: TickManifest,
  range: Interval | undefined,
  reader: SharedReader,
): Promise<TickBatch> {
  const parts: TickBatch[] = [];
  await scanTickRange(root, key, m, range, (b) => parts.push(b), reader);
  return concatTicks(key.kind, parts);
}
