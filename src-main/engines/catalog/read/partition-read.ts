import { readFileSync } from 'node:fs';
import type { BarColumn } from '../../../../src-shared/domain/bar';
import { decodeParquetIPC, readParquetColumnsIPC } from '../parquet/codec';
import type { BarBatch } from '../types';
import { checkPartitionTrusted, trustedPartitionBytes } from './partition-check';

/**
 * What to read of one partition file: plain data, so a decode worker can be sent it. This module
 * imports no schema code (zod), so the decode worker starts quickly.
 */
export interface PartitionRead {
  file: string;
  /** Row groups to read, validated against the manifest's index; undefined reads them all. */
  rowGroups?: number[];
  /** Columns to read; undefined reads them all. */
  columns?: string[];
  /**
   * A catalog's file: its root and the sha256 its manifest names. The bytes are checked where they
   * are read (readPartitionBytes), in the thread that decodes them, so a read of many partitions
   * reads and hashes each file once, on every decoding thread at once.
   */
  trust?: { root: string; sha256: string };
  /**
   * A partition of bars: decoded in JavaScript straight into columns (parquet/js-decode.ts), by
   * parquet-wasm only when the file turns out not to be in the catalog's layout. Other files (ticks)
   * go to parquet-wasm at once.
   */
  bars?: true;
}

/** The file's bytes, checked against its manifest's sha256 when it is a catalog's (see trust). */
export function readPartitionBytes(read: PartitionRead): Uint8Array {
  return read.trust
    ? trustedPartitionBytes(read.trust.root, read.file, read.trust.sha256)
    : readFileSync(read.file);
}

/** Reads a partition as Arrow IPC stream bytes (what a decode worker sends back). */
export async function readPartitionIPC(read: PartitionRead): Promise<Uint8Array> {
  if (read.columns) {
    // Only the columns' byte ranges are read for the decode; the check hashes the whole file.
    if (read.trust) checkPartitionTrusted(read.trust.root, read.file, read.trust);
    return readParquetColumnsIPC(read.file, read.columns, read.rowGroups);
  }
  // Sync: a partition is under a few MB, and decoding blocks the thread far longer anyway;
  // fs.promises.readFile's thread-pool round trips cost 10-60 ms over the 12 files of a year.
  const bytes = readPartitionBytes(read);
  return decodeParquetIPC(bytes, read.rowGroups ? { rowGroups: read.rowGroups } : {});
}

/** A partition decoded for another thread: its bars' columns, or Arrow IPC bytes from parquet-wasm. */
export type DecodedForTransfer = { bars: BarBatch; columns: BarColumn[] } | { ipc: Uint8Array };

/**
 * Decodes a partition the way the reading thread would (see PartitionRead.bars), for a decode
 * worker: bars in JavaScript need no parquet-wasm, whose 5 MB module a worker would compile first.
 */
export async function decodePartitionForTransfer(read: PartitionRead): Promise<DecodedForTransfer> {
  if (read.bars) {
    // Imported on first use: a worker that decodes only ticks never loads hyparquet.
    const { decodeParquetJsBatch } = await import('../parquet/js-decode');
    const js = await decodeParquetJsBatch(readPartitionBytes(read), read.rowGroups, read.columns);
    if (js) return { bars: js.batch, columns: js.columns };
  }
  return { ipc: await readPartitionIPC(read) };
}
