import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { type SeriesKey, seriesId } from '../../../../src-shared/domain/series';
import { SeriesKeySchema } from '../../../../src-shared/domain/series-schema';
import { BarcatError } from '../../../plumbing/errors';
import { insideCatalog } from '../../../plumbing/inside';
import { pidAlive } from '../../../plumbing/pid-alive';
import { crashPoint } from '../disk/crash-hook';
import { exists, readJournalFile, writeFileAtomic } from '../disk/fsutil';
import { manifestPath, seriesDir } from '../disk/layout';
import { PROCESS_STARTED_AT } from '../disk/lock';
import { readManifest } from '../disk/manifest';
import { appendOp } from '../disk/oplog';
import { removeEmptyParents } from '../disk/series-on-disk';
import { moveSeriesSettings } from '../disk/series-settings-files';
import { historyDir } from '../history/store';
import { listTrash, type TrashEntry, trashSeries } from '../trash/trash';

/**
 * A timeframe relabel in progress: the bars are written as series `to`, then `from` goes to the trash.
 * Named before the new series is written; `written` (the commit point) once it is whole. After a crash,
 * recovery finishes the move to the trash when written, and removes the half-written new series otherwise.
 */
const RELABEL_JOURNAL = '.barcat-relabel.json';
const JournalSchema = z.object({
  from: SeriesKeySchema,
  to: SeriesKeySchema,
  written: z.boolean(),
  /** The generation of `from` whose bars were read: a write to it meanwhile refuses the commit. */
  fromGeneration: z.number().int(),
  // Who runs it: another host's relabel is never judged by a pid of this host; a process of this
  // host by pid, and this process by its start too (an earlier process may have had our pid).
  host: z.string(),
  pid: z.number().int(),
  processStartedAt: z.number(),
});
type Journal = z.infer<typeof JournalSchema>;

const journalFile = (root: string) => path.join(root, RELABEL_JOURNAL);
const writeJournal = (root: string, j: Journal) =>
  writeFileAtomic(journalFile(root), `${JSON.stringify(j)}\n`);

const me = () => ({ host: os.hostname(), pid: process.pid, processStartedAt: PROCESS_STARTED_AT });

/**
 * Names the relabel before the new series is written; call holding the writer lock. Refused when `to`
 * exists (undo removes `to` whole, so it must be the relabel's own) or `from` moved past the
 * generation its bars were read at.
 */
export async function beginRelabel(
  root: string,
  from: SeriesKey,
  to: SeriesKey,
  fromGeneration: number,
): Promise<void> {
  // One a crash cut short is finished or undone first; one a live process runs is never overwritten.
  await recoverRelabel(root);
  if (await exists(journalFile(root)))
    throw new BarcatError(
      'BAD_INPUT',
      'another timeframe relabel is running in this catalog; try again once it has ended',
      {
        reason: 'relabel_busy',
      },
    );
  if (await readManifest(root, to))
    throw new BarcatError('DATA', `series ${seriesId(to)} already exists; choose another timeframe`, {
      reason: 'target_exists',
      series: seriesId(to),
    });
  if ((await readManifest(root, from))?.generation !== fromGeneration) throw writtenMeanwhile(from);
  await writeJournal(root, { from, to, written: false, fromGeneration, ...me() });
  crashPoint('relabel-journal-written');
}

const writtenMeanwhile = (from: SeriesKey) =>
  new BarcatError(
    'DATA',
    `series ${seriesId(from)} was written while it was relabelled; nothing changed: relabel it again`,
    { reason: 'series_written_meanwhile', series: seriesId(from) },
  );

/**
 * The new series is whole: commits, trashes the old one and moves its settings; holding the lock. A
 * write to `from` since its bars were read would go to the trash unseen: then the new series is
 * removed and nothing changes.
 */
export async function commitRelabel(
  root: string,
  from: SeriesKey,
  to: SeriesKey,
  fromGeneration: number,
  by: string,
): Promise<TrashEntry> {
  if ((await readManifest(root, from))?.generation !== fromGeneration) {
    await undoRelabel(root, from, to);
    throw writtenMeanwhile(from);
  }
  await writeJournal(root, { from, to, written: true, fromGeneration, ...me() });
  crashPoint('relabel-committed');
  return finishRelabel(root, from, to, by);
}

/** Run again after a crash, each step finds its work done or does it. */
async function finishRelabel(root: string, from: SeriesKey, to: SeriesKey, by: string): Promise<TrashEntry> {
  const manifest = await readManifest(root, from);
  let entry: TrashEntry | undefined;
  if (manifest) {
    entry = await trashSeries(root, from, manifest);
    await appendOp(root, { op: 'delete', by, ...entry });
    crashPoint('relabel-old-trashed');
  }
  await moveSeriesSettings(root, seriesId(from), seriesId(to));
  // Trashed before a crash: newest first, the entry this relabel made.
  entry ??= (await listTrash(root)).find((e) => e.series === seriesId(from))!;
  await appendOp(root, {
    op: 'relabel',
    by,
    series: seriesId(from),
    to: seriesId(to),
    bars: entry.bars,
    trashId: entry.id,
  });
  await fs.rm(journalFile(root), { force: true });
  return entry;
}

/** The new series a relabel had not finished writing goes (it never held bars of its own: target_exists). */
async function undoRelabel(root: string, from: SeriesKey, to: SeriesKey): Promise<void> {
  await fs.rm(insideCatalog(root, manifestPath(root, to)), { force: true });
  for (const dir of [seriesDir(root, to), historyDir(root, to)])
    await fs.rm(insideCatalog(root, dir), { recursive: true, force: true });
  await removeEmptyParents(root, to);
  await appendOp(root, { op: 'relabel-undone', by: 'recovery', series: seriesId(from), to: seriesId(to) });
  await fs.rm(journalFile(root), { force: true });
}

/**
 * Completes or undoes a relabel whose process died; call holding the writer lock (the sweep after a dead
 * writer, rebuild, the next relabel). A live process's relabel is its own to finish (it releases the lock
 * between writing the new series and committing); `own` recovers this process's after a failed write.
 */
export async function recoverRelabel(root: string, own = false): Promise<'none' | 'finished' | 'undone'> {
  const j = await readJournalFile(
    journalFile(root),
    (json) => JournalSchema.parse(json),
    'delete it, then run "barcat rebuild"',
  );
  if (!j) return 'none';
  // Another host's relabel is that host's to finish: its pid means nothing here.
  if (j.host !== os.hostname()) return 'none';
  const mine = j.pid === process.pid && j.processStartedAt === PROCESS_STARTED_AT;
  if (mine ? !own : pidAlive(j.pid) && j.pid !== process.pid) return 'none';
  if (j.written) {
    await finishRelabel(root, j.from, j.to, 'recovery');
    return 'finished';
  }
  await undoRelabel(root, j.from, j.to);
  return 'undone';
}
