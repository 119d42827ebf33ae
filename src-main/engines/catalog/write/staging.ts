import { promises as fs } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import { BarcatError } from '../../../plumbing/errors';
import { catalogPath, insideCatalog, isInsideCatalog } from '../../../plumbing/inside';
import { pidAlive } from '../../../plumbing/pid-alive';
import { crashPoint } from '../disk/crash-hook';
import { readDirSafe } from '../disk/fsutil';
import { HOST_TAG, PROCESS_START_MS } from '../disk/lock';
import type { PartitionEntry } from '../disk/manifest';
import type { ParquetCompression } from '../parquet/codec';
import { encodeParquet } from '../parquet/codec';
import type { EncodedPartition, EncodeFn } from '../partition-encoder';
import { barFieldsOf, bytesFieldsOf, partitionEncodeOptions } from '../partition-io';
import type { BarBatch } from '../types';

/**
 * Staging: a bulk writer (the streaming CSV import) encodes partition files ahead of its commit into
 * CATALOG/.staging/PID-tTHREAD.HOST.TOKEN.RAND/ (see ownerOf), outside every series folder, so no
 * sweep by a concurrent writer touches them. Catalog.writeStaged moves them into place (same file
 * system: rename) and commits the manifest; until then the catalog is untouched. Folders of dead
 * processes are removed by the next staging and by the catalog's sweep (maintenance/sweep.ts, when
 * it is opened and by verify).
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

/**
 * This process among those sharing a catalog: its start (PROCESS_START_MS, the same in every thread,
 * in µs), so a process of another container with our pid and host name, or an earlier one that had
 * our pid, never passes for this one when a dead worker's folders are removed.
 */
const PROCESS_TOKEN = Math.round(PROCESS_START_MS * 1000).toString(36);

/** Who made a staging folder, from its name `PID-tTHREAD.HOST.TOKEN.RAND`; undefined for other names. */
function ownerOf(name: string): { pid: number; thread: number; host: string; token: string } | undefined {
  const m = /^(\d+)-t(\d+)\.([A-Za-z0-9_-]+)\.([a-z0-9]+)\.[a-z0-9]+$/.exec(name);
  if (!m) return undefined;
  return { pid: Number(m[1]), thread: Number(m[2]), host: m[3] as string, token: m[4] as string };
}

/**
 * A staging folder whose process is provably gone: made on this host by a pid not running. This
 * trusts host name + pid (the token is not checked: a dead process's start is unknown), so containers
 * sharing one catalog need distinct host names, or one's sweep removes another's live staging. A folder
 * of another host is never dead here (its pid means nothing on this one). Older versions named them
 * `PID-tTHREAD-RAND` or `PID-RAND`: dead when that pid is not running.
 */
export function isDeadStaging(name: string): boolean {
  const owner = ownerOf(name);
  if (owner) return owner.host === HOST_TAG && !pidAlive(owner.pid);
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
    `${process.pid}-t${threadId}.${HOST_TAG}.${PROCESS_TOKEN}.${Math.random().toString(36).slice(2, 10)}`,
  );
  // A concurrent removeStagingDir may take .staging away between the two levels: try again once.
  await fs.mkdir(dir, { recursive: true }).catch(() => fs.mkdir(dir, { recursive: true }));
  return dir;
}

/**
 * Removes the staging folders a worker thread of this process made, once it died: its name proves
 * them its own (this host, pid and process token, and exactly that thread id, never reused within a
 * process), so no other writer's staged work is touched, in this process or one sharing the catalog.
 * Each folder on its own: one that fails is named in `failed` (with why) and the others still go.
 * Returns the files removed, which the caller counts and reports.
 */
export async function removeStagingOfThread(
  root: string,
  thread: number,
): Promise<{ removed: string[]; failed: string[] }> {
  const dir = path.join(root, STAGING_DIR);
  if (!isInsideCatalog(root, dir)) return { removed: [], failed: [] };
  const removed: string[] = [];
  const failed: string[] = [];
  for (const name of await readDirSafe(dir)) {
    const owner = ownerOf(name);
    if (
      owner?.thread !== thread ||
      owner.pid !== process.pid ||
      owner.host !== HOST_TAG ||
      owner.token !== PROCESS_TOKEN
    )
      continue;
    const folder = catalogPath(root, STAGING_DIR, name);
    try {
      crashPoint('remove-thread-staging');
      const files = (await fs.readdir(folder, { recursive: true, withFileTypes: true }))
        .filter((f) => !f.isDirectory())
        .map((f) => path.join(f.parentPath, f.name));
      await removeStagingDir(folder);
      removed.push(...files);
    } catch (err) {
      failed.push(`${path.relative(root, folder)} (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  return { removed, failed };
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
  const fields = barFieldsOf(partKey, bars, key.timeframe);
  return stagedEntry(
    area,
    fields,
    encodeParquet(bars, partitionEncodeOptions(key, partKey, area.compression)),
  );
}

/**
 * As encodeStaged, the encoding done by `encode` (worker threads: the caller goes on meanwhile). The
 * bars are read before it returns (the entry's fields here, the columns copied by `encode`): the
 * caller may reuse them at once.
 */
export function encodeStagedWith(
  encode: EncodeFn,
  area: StagingArea,
  key: SeriesKey,
  partKey: string,
  bars: BarBatch,
): Promise<{ entry: StagedPartition; bytes: Uint8Array }> {
  const fields = barFieldsOf(partKey, bars, key.timeframe);
  return encode(bars, partitionEncodeOptions(key, partKey, area.compression)).then((encoded) =>
    stagedEntry(area, fields, encoded),
  );
}

function stagedEntry(
  area: StagingArea,
  fields: ReturnType<typeof barFieldsOf>,
  { bytes, rowGroups }: EncodedPartition,
): { entry: StagedPartition; bytes: Uint8Array } {
  const entry = {
    ...fields,
    ...bytesFieldsOf(bytes, rowGroups),
    path: path.join(area.dir, `${fields.key}.parquet`),
  };
  return { entry, bytes };
}
