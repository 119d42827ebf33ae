import { promises as fs } from 'node:fs';
import path from 'node:path';
import { BarcatError } from '../../plumbing/errors';
import { notAFolderMessage } from '../../plumbing/fs-errors';
import type { CatalogOptions } from './catalog';
import { type CatalogFolderVerdict, checkCatalogFolder } from './disk/folder-check';
import { writeFileAtomic } from './disk/fsutil';
import { BARS_DIR, FORMAT_FILE, LOCK_FILE, MANIFESTS_DIR } from './disk/layout';
import { readLock, tryWriteLock, writerLockPath } from './disk/lock';
import { findDeadLeftovers, removeDeadLeftovers } from './maintenance/leftovers';
import type { ParquetCompression } from './parquet/codec';

export interface OpenOptions extends CatalogOptions {
  /**
   * true: create the layout even when the folder already holds other files (the app's New catalog,
   * `--create`); false: never create, a folder without a catalog is refused (every reader, and a
   * write without --create); absent: a missing or empty folder gets the layout (the default catalog
   * on first use, library callers).
   */
  create?: boolean;
  /** What to do when create is false and there is no catalog, e.g. "run with --create to make one". */
  missingHint?: string;
  /** false: leave a dead writer's lock and leftovers as found (`barcat health` reports it and changes nothing). */
  recover?: boolean;
}

export interface FormatFile {
  barcat: 'catalog';
  format: 1;
  compression?: ParquetCompression;
  /** Days a replaced generation is kept for undo; absent: 7 (history/prune.ts). */
  retentionDays?: number;
}

/**
 * What opening a catalog folder does before any catalog object is made (openCatalog's and
 * openCatalogReader's one path): whether a folder without a catalog gets the layout is `create`'s
 * call; a folder with foreign content and no catalog.json is refused unless create is true. If the
 * last writer died (stale lock), its leftovers are cleaned up first.
 */
export async function openCatalogFolder(
  dir: string,
  opts: OpenOptions = {},
): Promise<{ root: string; format: FormatFile }> {
  const root = path.resolve(dir);
  const verdict = await checkCatalogFolder(root, opts.create);
  if (!verdict.ok) throw refusal(verdict, opts.missingHint);
  const { entries } = verdict;
  let format: FormatFile = { barcat: 'catalog', format: 1, compression: opts.compression ?? 'zstd' };
  if (entries.includes(FORMAT_FILE)) format = await readFormat(root);
  else {
    await fs.mkdir(path.join(root, BARS_DIR), { recursive: true });
    await fs.mkdir(path.join(root, MANIFESTS_DIR), { recursive: true });
    await writeFileAtomic(path.join(root, FORMAT_FILE), `${JSON.stringify(format)}\n`);
  }
  if (opts.recover !== false) {
    if (entries.includes(LOCK_FILE)) await recoverAfterCrash(root);
    await removeLeftoversAtOpen(root);
  }
  return { root, format };
}

/** The refusal in the CLI's and library callers' words (the app words the same codes its own way). */
function refusal(
  v: Exclude<CatalogFolderVerdict, { ok: true }>,
  missingHint: string | undefined,
): BarcatError {
  switch (v.reason) {
    case 'no_such_folder':
    case 'not_a_catalog':
      return new BarcatError(
        'BAD_INPUT',
        `no catalog at ${v.dir}: ${missingHint ?? 'choose an existing catalog folder or create a new catalog'}`,
        { reason: 'no_catalog', dir: v.dir },
      );
    case 'foreign_content':
      return new BarcatError(
        'BAD_INPUT',
        `folder ${v.dir} is not a Barcat catalog (no ${FORMAT_FILE}); choose an empty folder or an existing catalog`,
      );
    case 'not_a_folder':
      // Worded as the file-system error the path gives, which the CLI has always printed.
      return new BarcatError('BAD_INPUT', notAFolderMessage(v.dir), {
        reason: 'fs',
        errno: 'ENOTDIR',
        path: v.dir,
      });
    case 'relative_path':
      // openCatalog resolves the path first (a library caller's relative path means the working folder).
      return new BarcatError(
        'BAD_INPUT',
        `catalog folder ${v.dir} is a relative path; give an absolute path`,
      );
  }
}

async function readFormat(root: string): Promise<FormatFile> {
  const file = path.join(root, FORMAT_FILE);
  try {
    const json = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<FormatFile>;
    if (json.format !== 1)
      throw new BarcatError('DATA', `${file} has catalog format ${json.format}; this Barcat reads format 1`);
    const days = json.retentionDays;
    if (days !== undefined && !(Number.isInteger(days) && days >= 0))
      throw new BarcatError(
        'BAD_INPUT',
        `${file}: retentionDays ${JSON.stringify(days)} is not a whole number of days (0 or more); fix or remove it`,
      );
    return {
      barcat: 'catalog',
      format: 1,
      compression: json.compression === 'lz4' ? 'lz4' : 'zstd',
      ...(days === undefined ? {} : { retentionDays: days }),
    };
  } catch (err) {
    if (err instanceof BarcatError) throw err;
    throw new BarcatError(
      'CORRUPT',
      `${file} is unreadable (${(err as Error).message}); delete it and reopen the catalog`,
    );
  }
}

/**
 * What dead processes left (a write that failed on a full disk, a killed import) goes at the next
 * start, under the lock (a writer on another host sharing the catalog keeps its files); when the
 * catalog is busy or read-only it waits for the next start or verify.
 */
async function removeLeftoversAtOpen(root: string): Promise<void> {
  const found = await findDeadLeftovers(root, { seriesFolders: false }).catch(() => []);
  if (found.length === 0) return;
  const release = await tryWriteLock(root).catch(() => undefined);
  if (!release) return;
  try {
    await removeDeadLeftovers(root, { seriesFolders: false }).catch(() => undefined);
  } finally {
    await release();
  }
}

/** A lock left by a dead writer means an interrupted write: take it over, which sweeps every series. */
async function recoverAfterCrash(root: string): Promise<void> {
  const holder = await readLock(writerLockPath(root));
  if (holder?.pid === process.pid) return;
  const release = await tryWriteLock(root);
  if (!release) return;
  try {
    // The sweep (and what it recovers: undo, trash, renames) loads only after a crash.
    if (release.brokeStale) await (await import('./maintenance/sweep')).sweepAll(root);
  } finally {
    await release();
  }
}
