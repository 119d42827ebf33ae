import { readFileSync } from 'node:fs';
import { decodeParquetIPC, readParquetColumnsIPC } from './codec';

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
}

/** Reads a partition as Arrow IPC stream bytes (what a decode worker sends back). */
export async function readPartitionIPC(read: PartitionRead): Promise<Uint8Array> {
  if (read.columns) return readParquetColumnsIPC(read.file, read.columns, read.rowGroups);
  // Sync: a partition is under a few MB, and decoding blocks the thread far longer anyway;
  // fs.promises.readFile's thread-pool round trips cost 10-60 ms over the 12 files of a year.
  const bytes = readFileSync(read.file);
  return decodeParquetIPC(bytes, read.rowGroups ? { rowGroups: read.rowGroups } : {});
}
