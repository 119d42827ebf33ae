import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Interval } from '../../../../src-shared/domain/range';
import type { TickKey } from '../../../../src-shared/domain/ticks';
import { BarcatError } from '../../../plumbing/errors';
import { checkPartitionTrusted } from '../read/partition-check';
import type { PartitionReader } from '../read/partition-decoder';
import { concatTicks, pickTicks, type TickBatch } from './tick-batch';
import { decodeTicks, ticksFromTable } from './tick-codec';
import { tickDayDir } from './tick-layout';
import type { TickFileEntry, TickManifest } from './tick-manifest';

export function tickFilePath(root: string, key: TickKey, e: TickFileEntry): string {
  return path.join(tickDayDir(root, key, e.date), e.file);
}

/** Reads one tick file, after checking it is inside the catalog and its bytes are the manifest's. */
export async function readTickFile(root: string, key: TickKey, e: TickFileEntry): Promise<TickBatch> {
  const file = tickFilePath(root, key, e);
  checkPartitionTrusted(root, file, e);
  const bytes = await fs.readFile(file);
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

/** Which columns a scan decodes: ts always, then the named ones the file holds; undefined reads all. */
function columnsToRead(
  e: TickFileEntry,
  kind: TickKey['kind'],
  want?: readonly string[],
): string[] | undefined {
  if (!want) return undefined;
  const required = kind === 'quotes' ? ['bid', 'ask'] : ['price', 'size'];
  return ['ts', ...want.filter((c) => required.includes(c) || e.columns.includes(c))];
}

/**
 * Ticks with from <= ts < to (range in ms, as every range in Barcat), in time order, reading only
 * overlapping files and, given `columns`, only those columns (a required one not read is NaN). The
 * files of each chunk of TICK_READ_CHUNK_ROWS are decoded by `read`: the catalog's decoder shares
 * them between this thread and a worker (read/partition-decoder.ts).
 */
export async function scanTickRange(
  root: string,
  key: TickKey,
  m: TickManifest,
  range: Interval | undefined,
  onBatch: (b: TickBatch) => void,
  read: PartitionReader,
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
    const reads = chunk.map((e) => {
      const file = tickFilePath(root, key, e);
      checkPartitionTrusted(root, file, e);
      return { file, columns: columnsToRead(e, key.kind, columns) };
    });
    const tables = await read(reads, rows);
    chunk.forEach((e, i) => {
      const b = ticksFromTable(key.kind, tables[i]!);
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
  read: PartitionReader,
): Promise<TickBatch> {
  const parts: TickBatch[] = [];
  await scanTickRange(root, key, m, range, (b) => parts.push(b), read);
  return concatTicks(key.kind, parts);
}
