import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { type SeriesKey, seriesId } from '../../../../src-shared/domain/series';
import { BarcatError } from '../../../plumbing/errors';
import { insideCatalog } from '../../../plumbing/inside';
import { sha256Hex } from '../../../plumbing/sha256';
import { crashPoint } from '../disk/crash-hook';
import { exists, fsyncDir, readJournalFile, writeFileAtomic } from '../disk/fsutil';
import { parsePartitionFileName, seriesDir } from '../disk/layout';
import { type Manifest, readManifest, writeManifest } from '../disk/manifest';
import { PartitionFileSchema } from '../disk/manifest-schema';
import { partitionFilesIn } from '../disk/series-on-disk';
import {
  entryDir,
  entryGenerations,
  type HistoryEntry,
  historyDir,
  readEntry,
  removeEmptyHistory,
  removeEntry,
} from './store';

/** What an undo did, counted: every bar it brought back or took away. */
export interface UndoReport {
  series: string;
  /** Generations taken back (all consecutive ones of the last write's job), newest first. */
  undone: number[];
  /** The generation whose bars are live again, and the one the undo committed as. */
  restoredGeneration: number;
  generation: number;
  /** Who wrote the generations taken back (e.g. import:ID). */
  source: string | null;
  barsBefore: number;
  barsAfter: number;
  /** Bars in the partition files put back, and in the files taken out. */
  barsRestored: number;
  barsRemoved: number;
  filesRestored: number;
  filesRemoved: number;
  /** An undone database import's watermark, removed so its next run reads the source from the start. */
  dbImportReset?: { source: string; rows: number };
}

/**
 * An undo in progress, named before any file moves (fsynced): recoverUndo finishes it when the
 * restored manifest committed (its generation reached) and moves the files back otherwise.
 */
const UNDO_JOURNAL = 'undo.json';
const JournalSchema = z.object({
  generation: z.number().int(),
  popped: z.array(z.number().int()),
  // File names only, never paths: recovery moves and deletes them inside the series folder.
  restore: z.array(z.object({ file: PartitionFileSchema, from: z.number().int() })),
  remove: z.array(PartitionFileSchema),
});
type UndoJournal = z.infer<typeof JournalSchema>;

/**
 * Restores the series to the generation before its last write (every consecutive generation one job
 * wrote, so a backfill's flushes go together); call holding the writer lock, series swept. Order:
 * journal, retained files back into the series folder, folder fsync, the restored manifest (commit
 * point, a new generation so generations only grow), the undone generation's files deleted, the
 * entries and the journal removed. Files are moved, never re-encoded: the bars are byte for byte.
 */
export async function undoLastWrite(root: string, key: SeriesKey, manifest: Manifest): Promise<UndoReport> {
  const { popped, target } = await planUndo(root, key, manifest);
  const live = new Set(manifest.partitions.map((p) => p.file));
  const wanted = new Set(target.partitions.map((p) => p.file));
  const restore: UndoJournal['restore'] = [];
  for (const p of target.partitions) {
    if (live.has(p.file)) continue;
    const from = await findRetained(root, key, popped, p.file);
    // Byte for byte, or not at all: a damaged retained file refuses the undo before anything moves.
    const bytes = await fs.readFile(insideCatalog(root, path.join(entryDir(root, key, from), p.file)));
    if (sha256Hex(bytes) !== p.sha256)
      throw historyDamaged(key, p.file, 'its bytes differ from its manifest entry');
    restore.push({ file: p.file, from });
  }
  const remove = manifest.partitions.filter((p) => !wanted.has(p.file)).map((p) => p.file);
  const onDisk = (await partitionFilesIn(seriesDir(root, key))).map(
    (f) => parsePartitionFileName(f)!.generation,
  );
  const generation = Math.max(manifest.generation, ...popped, ...onDisk) + 1;
  const journal: UndoJournal = { generation, popped, restore, remove };
  await writeFileAtomic(path.join(historyDir(root, key), UNDO_JOURNAL), `${JSON.stringify(journal)}\n`);
  crashPoint('undo-journal-written');
  const dir = seriesDir(root, key);
  await fs.mkdir(dir, { recursive: true });
  for (const r of restore) {
    await fs.rename(
      insideCatalog(root, path.join(entryDir(root, key, r.from), r.file)),
      path.join(dir, r.file),
    );
    crashPoint('undo-file-restored');
  }
  await fsyncDir(dir);
  const at = Date.now();
  await writeManifest(root, {
    ...manifest,
    generation,
    partitions: target.partitions,
    checkedEmpty: target.checkedEmpty,
    lastWrite: target.lastWrite ? { ...target.lastWrite, undo: { at, generations: popped } } : null,
    pendingDelete: remove,
  });
  crashPoint('undo-manifest-written');
  await finishUndo(root, key, journal);
  const rows = (files: Set<string>, m: Manifest) =>
    m.partitions.filter((p) => files.has(p.file)).reduce((n, p) => n + p.rows, 0);
  const total = (m: Manifest) => m.partitions.reduce((n, p) => n + p.rows, 0);
  return {
    series: seriesId(key),
    undone: popped,
    restoredGeneration: target.generation,
    generation,
    source: manifest.lastWrite?.source ?? null,
    barsBefore: total(manifest),
    barsAfter: total(target),
    barsRestored: rows(new Set(restore.map((r) => r.file)), target),
    barsRemoved: rows(new Set(remove), manifest),
    filesRestored: restore.length,
    filesRemoved: remove.length,
  };
}

/**
 * The generations to take back, newest first, and the manifest to restore: the newest entry, and
 * the ones below it as long as the manifest before was committed by the same source.
 */
async function planUndo(
  root: string,
  key: SeriesKey,
  manifest: Manifest,
): Promise<{ popped: number[]; target: Manifest }> {
  const gens = (await entryGenerations(root, key)).filter((g) => g <= manifest.generation).reverse();
  const top = gens[0];
  if (top === undefined)
    throw new BarcatError(
      'DATA',
      `series ${seriesId(key)} has no earlier generation kept to restore (nothing written since the history began, or its retention has passed); see "barcat history ${seriesId(key)}"`,
      { reason: 'nothing_to_undo', series: seriesId(key) },
    );
  const source = manifest.lastWrite?.source;
  const popped = [top];
  let entry: HistoryEntry = await readEntryOrRefuse(root, key, top);
  for (const next of gens.slice(1)) {
    const before = entry.previous;
    if (!source || before.lastWrite?.source !== source || before.generation !== next) break;
    if (before.lastWrite?.undo) break;
    popped.push(next);
    entry = await readEntryOrRefuse(root, key, next);
  }
  return { popped, target: entry.previous };
}

async function readEntryOrRefuse(root: string, key: SeriesKey, gen: number): Promise<HistoryEntry> {
  try {
    return await readEntry(root, key, gen);
  } catch (err) {
    throw historyDamaged(key, `${gen}/entry.json`, (err as Error).message);
  }
}

async function findRetained(root: string, key: SeriesKey, popped: number[], file: string): Promise<number> {
  for (const g of popped) if (await exists(path.join(entryDir(root, key, g), file))) return g;
  throw historyDamaged(key, file, 'it is missing from the kept generations');
}

function historyDamaged(key: SeriesKey, file: string, why: string): BarcatError {
  return new BarcatError(
    'CORRUPT',
    `the kept history of series ${seriesId(key)} cannot be restored: ${file}: ${why}; nothing was changed`,
    { reason: 'history_damaged', series: seriesId(key), file },
  );
}

/** After the restored manifest committed: the undone generation's files go, then entries and journal. */
async function finishUndo(root: string, key: SeriesKey, journal: UndoJournal): Promise<void> {
  const dir = seriesDir(root, key);
  for (const file of journal.remove) {
    await fs.rm(insideCatalog(root, path.join(dir, file)), { force: true });
    crashPoint('undo-file-removed');
  }
  await fsyncDir(dir);
  for (const g of journal.popped) await removeEntry(root, key, g);
  crashPoint('undo-entries-removed');
  await fs.rm(path.join(historyDir(root, key), UNDO_JOURNAL), { force: true });
  await removeEmptyHistory(root, key);
}

/**
 * Finishes or rolls back an undo a crash interrupted; call holding the writer lock, before anything
 * sweeps the series folder (restored files not yet committed would look like orphans).
 */
export async function recoverUndo(
  root: string,
  key: SeriesKey,
): Promise<'none' | 'finished' | 'rolled-back'> {
  const file = path.join(historyDir(root, key), UNDO_JOURNAL);
  const journal = await readJournalFile(
    file,
    (j) => JournalSchema.parse(j),
    'delete it, then run "barcat rebuild"',
  );
  if (!journal) return 'none';
  const manifest = await readManifest(root, key).catch(() => undefined);
  if (manifest && manifest.generation >= journal.generation) {
    await finishUndo(root, key, journal);
    return 'finished';
  }
  const live = new Set(manifest?.partitions.map((p) => p.file));
  const dir = seriesDir(root, key);
  for (const r of journal.restore) {
    const back = insideCatalog(root, path.join(entryDir(root, key, r.from), r.file));
    const here = insideCatalog(root, path.join(dir, r.file));
    if (!live.has(r.file) && (await exists(here)) && !(await exists(back))) await fs.rename(here, back);
  }
  await fs.rm(file, { force: true });
  return 'rolled-back';
}
