import { promises as fs } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import { BarcatError } from '../../../plumbing/errors';
import { catalogPath, insideCatalog, isInsideCatalog } from '../../../plumbing/inside';
import { pidAlive } from '../../../plumbing/pid-alive';
import { readDirSafe } from '../disk/fsutil';
import type { PartitionEntry } from '../disk/manifest';
import type { ParquetCompression } from '../parquet/codec';
import { encodeParquet } from '../parquet/codec';
import type { EncodedPartition, EncodeFn } from '../partition-encoder';
import { entryFor, partitionEncodeOptions } from '../partition-io';
import type { BarBatch } from '../types';

/**
 * Staging: a bulk writer (the streaming CSV import) encodes partition files ahead of its commit into
 * CATALOG/.staging/PID-tTHREAD-RAND/, outside every series folder, so no sweep by a concurrent writer touches
 * them. Catalog.writeStaged moves them into place (same file system: rename) and commits the manifest;
 * until then the catalog is untouched. Folders of dead processes are removed by the next staging and
by the catalog's sweep (maintenance/sweep.ts, when it is opened and by verify).
 */
export const STAGING_DIR = '.staging';

/** A partition file encoded ahead of its commit: its manifest entry, less the final file name. */
export interface StagedPartition extends Omit<PartitionEntry, 'file' | 'writtenAt'> {
  /** Absolute path of the staged file. */
  path: string;
}

/** Where a bulk writer stages its files, with the catalog's compression. */
export interface StagingArea {
  dir: string;
  compression: ParquetCompression;
}

/** A staging folder (`PID-tTHREAD-RAND`, or `PID-RAND` as older versions named it) whose process is gone. */
export function isDeadStaging(name: string): boolean {
  const pid = Number(name.split('-')[0]);
  return !(Number.isInteger(pid) && pid > 0 && pidAlive(pid));
}

/** Removes staging folders whose process is gone (a killed import); only ones inside the catalog. */
async function sweepStaging(root: string): Promise<void> {
  const dir = path.join(root, STAGING_DIR);
  if (!isInsideCatalog(root, dir)) return;
  for (const name of await readDirSafe(dir))
    if (isDeadStaging(name))
      await fs.rm(catalogPath(root, STAGING_DIR, name), { recursive: true, force: true });
}

/** A new staging folder; those of dead processes go first (open and verify remove them too). */
export async function createStagingDir(root: string): Promise<string> {
  await sweepStaging(root);
  const dir = catalogPath(
    root,
    STAGING_DIR,
    `${threadPrefix(threadId)}${Math.random().toString(36).slice(2, 10)}`,
  );
  // A concurrent removeStagingDir may take .staging away between the two levels: try again once.
  await fs.mkdir(dir, { recursive: true }).catch(() => fs.mkdir(dir, { recursive: true }));
  return dir;
}

/** The start of the names of the staging folders a thread of this process makes. */
function threadPrefix(thread: number): string {
  return `${process.pid}-t${thread}-`;
}

/**
 * Removes the staging folders a worker thread of this process made, once it died: its name proves
 * them its own (thread ids are never reused within a process), so no other writer's staged work is
 * touched. Returns the files they held, which the caller counts and reports.
 */
export async function removeStagingOfThread(root: string, thread: number): Promise<string[]> {
  const dir = path.join(root, STAGING_DIR);
  if (!isInsideCatalog(root, dir)) return [];
  const removed: string[] = [];
  for (const name of await readDirSafe(dir)) {
    if (!name.startsWith(threadPrefix(thread))) continue;
    const folder = catalogPath(root, STAGING_DIR, name);
    for (const f of await fs.readdir(folder, { recursive: true, withFileTypes: true }))
      if (!f.isDirectory()) removed.push(path.join(f.parentPath, f.name));
    await removeStagingDir(folder);
  }
  return removed;
}

/**
 * A staged file as a writer hands it back (from a worker thread, or any caller of writeStaged): it
 * must lie in the catalog's staging area, or the commit would move a file from elsewhere into it.
 */
export function stagedFile(root: string, file: string): string {
  const staging = path.join(root, STAGING_DIR);
  const rel = path.relative(staging, path.resolve(root, file));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel))
    throw new BarcatError('USAGE', `staged file ${file} is not in the catalog's staging area ${staging}`);
  return insideCatalog(root, file);
}

/** Removes a staging folder, and .staging itself when it is left empty. */
export async function removeStagingDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.rmdir(path.dirname(dir)).catch(() => undefined);
}

/** Encodes one partition of sorted, unique bars with the same writer options as a catalog write. */
export function encodeStaged(
  area: StagingArea,
  key: SeriesKey,
  partKey: string,
  bars: BarBatch,
): { entry: StagedPartition; bytes: Uint8Array } {
  return stagedEntry(
    area,
    key,
    partKey,
    bars,
    encodeParquet(bars, partitionEncodeOptions(key, partKey, area.compression)),
  );
}

/** As encodeStaged, the encoding done by `encode` (worker threads: the caller goes on meanwhile). */
export async function encodeStagedWith(
  encode: EncodeFn,
  area: StagingArea,
  key: SeriesKey,
  partKey: string,
  bars: BarBatch,
): Promise<{ entry: StagedPartition; bytes: Uint8Array }> {
  return stagedEntry(
    area,
    key,
    partKey,
    bars,
    await encode(bars, partitionEncodeOptions(key, partKey, area.compression)),
  );
}

function stagedEntry(
  area: StagingArea,
  key: SeriesKey,
  partKey: string,
  bars: BarBatch,
  { bytes, rowGroups }: EncodedPartition,
): { entry: StagedPartition; bytes: Uint8Array } {
  const { file: _f, writtenAt: _w, ...entry } = entryFor(partKey, '', bars, bytes, rowGroups, key.timeframe);
  return { entry: { ...entry, path: path.join(area.dir, `${partKey}.parquet`) }, bytes };
}
