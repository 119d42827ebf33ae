import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { type SeriesKey, seriesId } from '../../../../src-shared/domain/series';
import { SeriesKeySchema } from '../../../../src-shared/domain/series-schema';
import type { TrashEntry } from '../../../../src-shared/domain/series-views/history';
import { BarcatError } from '../../../plumbing/errors';
import { isInsideCatalog } from '../../../plumbing/inside';
import { crashPoint } from '../disk/crash-hook';
import { exists, fsyncDir, readDirSafe, readJournalFile, writeFileAtomic } from '../disk/fsutil';
import { seriesDir } from '../disk/layout';
import { type Manifest, readManifest } from '../disk/manifest';
import { partitionFilesIn } from '../disk/series-on-disk';
import { isTrashId, TRASH_DIR, TRASH_META, trashEntryDir, trashId, trashMoves } from './layout';

/** One deleted series waiting in the trash: the entry the contract sends (the CLI prints it too). */
export type { TrashEntry };

/** An entry's stored meta file (its id is its folder's name). */
const MetaSchema = z.object({
  series: z.string(),
  key: SeriesKeySchema,
  deletedAt: z.number().int(),
  bars: z.number().int(),
  partitions: z.number().int(),
  bytes: z.number().int(),
});

/** A delete or restore in progress, named before anything moves: recoverTrash finishes or undoes it. */
const JOURNAL = '.barcat-trash.json';
const JournalSchema = z.object({ op: z.enum(['delete', 'restore']), key: SeriesKeySchema, id: z.string() });

/**
 * Moves a series (partition files, manifest, kept history, quality results) into CATALOG/trash/ID;
 * call holding the writer lock, series swept. The manifest's move is the commit point.
 */
export async function trashSeries(root: string, key: SeriesKey, manifest: Manifest): Promise<TrashEntry> {
  await recoverTrash(root);
  const deletedAt = Date.now();
  const id = trashId(key, deletedAt);
  const entry: TrashEntry = {
    id,
    series: seriesId(key),
    key,
    deletedAt,
    bars: manifest.partitions.reduce((n, p) => n + p.rows, 0),
    partitions: manifest.partitions.length,
    bytes: manifest.partitions.reduce((n, p) => n + p.bytes, 0),
  };
  await writeFileAtomic(path.join(root, JOURNAL), `${JSON.stringify({ op: 'delete', key, id })}\n`);
  crashPoint('trash-journal-written');
  const { id: _id, ...meta } = entry;
  await writeFileAtomic(path.join(trashEntryDir(root, id), TRASH_META), `${JSON.stringify(meta)}\n`);
  await moveOrRecover(root, key, id, 'delete');
  return entry;
}

/** Puts a trashed series back where it was; refused (target_exists) when that series exists again. */
export async function restoreFromTrash(root: string, id: string): Promise<TrashEntry> {
  await recoverTrash(root);
  const entry = await readTrashEntry(root, id);
  const { key } = entry;
  const files = await partitionFilesIn(seriesDir(root, key));
  if ((await readManifest(root, key)) || files.length > 0)
    throw new BarcatError(
      'DATA',
      `series ${entry.series} exists in the catalog again; rename or delete it before restoring ${id} from the trash`,
      { reason: 'target_exists', series: entry.series },
    );
  await writeFileAtomic(path.join(root, JOURNAL), `${JSON.stringify({ op: 'restore', key, id })}\n`);
  crashPoint('trash-journal-written');
  await moveOrRecover(root, key, id, 'restore');
  return entry;
}

/** The moves and their finish; on a failure, recovery puts everything back where the journal says before the error goes on. */
async function moveOrRecover(
  root: string,
  key: SeriesKey,
  id: string,
  op: 'delete' | 'restore',
): Promise<void> {
  try {
    await moveAll(root, key, id, op);
    await finish(root, key, id, op);
  } catch (err) {
    await recoverTrash(root);
    throw err;
  }
}

async function moveAll(root: string, key: SeriesKey, id: string, op: 'delete' | 'restore'): Promise<void> {
  for (const m of trashMoves(root, key, id)) {
    const [from, to] = op === 'delete' ? [m.live, m.trashed] : [m.trashed, m.live];
    if (!(await exists(from))) continue;
    // An empty leftover folder where the series goes back (a delete removed nothing above it).
    await fs.rmdir(to).catch(() => undefined);
    await fs.mkdir(path.dirname(to), { recursive: true });
    await fs.rename(from, to);
    await fsyncDir(path.dirname(to));
    crashPoint(`trash-${op}-moved`);
  }
}

async function finish(root: string, key: SeriesKey, id: string, op: 'delete' | 'restore'): Promise<void> {
  if (op === 'delete') await removeEmptyParents(root, key);
  else await fs.rm(trashEntryDir(root, id), { recursive: true, force: true });
  await fs.rmdir(path.join(root, TRASH_DIR)).catch(() => undefined);
  await fs.rm(path.join(root, JOURNAL), { force: true });
}

/** symbol= and venue= folders a delete left empty (rmdir refuses a folder that still holds anything). */
async function removeEmptyParents(root: string, key: SeriesKey): Promise<void> {
  const symbolDir = path.dirname(seriesDir(root, key));
  for (const dir of [symbolDir, path.dirname(symbolDir)])
    if (isInsideCatalog(root, dir)) await fs.rmdir(dir).catch(() => undefined);
}

/**
 * Finishes or undoes a delete or restore a crash interrupted; call holding the writer lock. The
 * manifest's place says which: where the op moved it to, it committed; otherwise everything moves back.
 */
export async function recoverTrash(root: string): Promise<'none' | 'finished' | 'undone'> {
  const file = path.join(root, JOURNAL);
  const journal = await readJournalFile(
    file,
    (j) => JournalSchema.parse(j),
    'delete it, then run "barcat rebuild"',
  );
  if (!journal) return 'none';
  const { op, key, id } = journal;
  if (!isTrashId(id))
    throw new BarcatError('CORRUPT', `trash journal ${file} names no trash entry; delete it`);
  const moves = trashMoves(root, key, id);
  const manifest = moves.at(-1)!;
  const committed = await exists(op === 'delete' ? manifest.trashed : manifest.live);
  if (committed) {
    await finish(root, key, id, op);
    return 'finished';
  }
  await moveAll(root, key, id, op === 'delete' ? 'restore' : 'delete');
  // A delete undone leaves only its trash.json: the entry goes with it.
  if (op === 'delete') await fs.rm(trashEntryDir(root, id), { recursive: true, force: true });
  await finish(root, key, id, op === 'delete' ? 'restore' : 'delete');
  return 'undone';
}

export async function readTrashEntry(root: string, id: string): Promise<TrashEntry> {
  if (!isTrashId(id) || !(await exists(path.join(trashEntryDir(root, id), TRASH_META))))
    throw new BarcatError('NOT_FOUND', `no series ${id} in the trash of ${root}; see "barcat trash list"`, {
      reason: 'not_in_trash',
      id,
    });
  const meta = MetaSchema.parse(
    JSON.parse(await fs.readFile(path.join(trashEntryDir(root, id), TRASH_META), 'utf8')),
  );
  return { id, ...meta };
}

/** Every series in the trash, newest first. */
export async function listTrash(root: string): Promise<TrashEntry[]> {
  const out: TrashEntry[] = [];
  for (const name of await readDirSafe(path.join(root, TRASH_DIR)))
    if (isTrashId(name)) out.push(await readTrashEntry(root, name));
  return out.sort((a, b) => b.deletedAt - a.deletedAt);
}

/** Deletes trash entries for good (all, or the one named), each counted in the report. */
export async function emptyTrash(root: string, id?: string): Promise<TrashEntry[]> {
  await recoverTrash(root);
  const entries = id === undefined ? await listTrash(root) : [await readTrashEntry(root, id)];
  for (const e of entries) await fs.rm(trashEntryDir(root, e.id), { recursive: true, force: true });
  await fs.rmdir(path.join(root, TRASH_DIR)).catch(() => undefined);
  return entries;
}
