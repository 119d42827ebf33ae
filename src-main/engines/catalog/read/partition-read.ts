import { readFileSync } from 'node:fs';
import { decodeParquetIPC, readParquetColumnsIPC } from '../parquet/codec';
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
