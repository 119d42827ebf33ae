import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type SeriesKey, seriesId } from '../../../../src-shared/domain/series';
import { SeriesKeySchema } from '../../../../src-shared/domain/series-schema';
import { BarcatError } from '../../../plumbing/errors';
import { catalogPath, insideCatalog } from '../../../plumbing/inside';
import { crashPoint } from '../disk/crash-hook';
import { exists, fsyncDir, writeFileAtomic } from '../disk/fsutil';
import { isOpen, jobsDir, listJobFiles, renameSeriesInJobFiles, shownView } from '../disk/job-files';
import {
  manifestFileName,
  manifestPath,
  OVERVIEW_DIR,
  overviewFileName,
  QUALITY_DIR,
  seriesDir,
} from '../disk/layout';
import { readManifest, writeManifest } from '../disk/manifest';
import { partitionFilesIn, removeEmptyParents } from '../disk/series-on-disk';
import { moveSeriesSettings } from '../disk/series-settings-files';
import { historyDir } from '../history/store';
import { notFound } from '../read/query';

/**
 * A rename in progress, named before anything moves (fsynced): after a crash, recoverRename finishes
 * it when the new manifest committed and undoes it otherwise, so the old or the new series is whole.
 */
const RENAME_JOURNAL = '.barcat-rename.json';

/**
 * Renames a series (venue, symbol; same timeframe); call holding the writer lock, source swept. Order: journal,
 * stale results of the new name removed, folder move, new manifest (the commit point, every field kept),
 * quality results moved, old manifest removed, journal removed.
 */
export async function renameSeries(root: string, from: SeriesKey, to: SeriesKey): Promise<void> {
  // An earlier rename a crash cut short is finished or undone first: its journal is never overwritten.
  await recoverRename(root);
  const manifest = await readManifest(root, from);
  if (!manifest) throw notFound(root, from);
  await refuseExisting(root, to);
  refuseBusy(root, from);
  const fromDir = insideCatalog(root, seriesDir(root, from));
  const toDir = insideCatalog(root, seriesDir(root, to));
  await writeFileAtomic(path.join(root, RENAME_JOURNAL), `${JSON.stringify({ from, to })}\n`);
  crashPoint('rename-journal-written');
  try {
    // Results an earlier series of the new name left would be taken for this one's.
    await fs.rm(resultsFile(root, to), { force: true });
    if (await exists(fromDir)) {
      await fs.rmdir(toDir).catch(() => undefined); // an empty leftover folder (refuseExisting allowed it)
      await fs.mkdir(path.dirname(toDir), { recursive: true });
      await fs.rename(fromDir, toDir);
      await fsyncDir(path.dirname(toDir));
    }
    await moveHistory(root, from, to);
    crashPoint('rename-folder-moved');
    await writeManifest(root, { ...manifest, series: seriesId(to), venue: to.venue, symbol: to.symbol });
    crashPoint('rename-manifest-written');
    await finishRename(root, from, to);
  } catch (err) {
    // A failure (a foreign file in the target folder, a full disk) is undone, or finished past the commit.
    await recoverRename(root);
    throw err;
  }
}

/** The kept generations (history/) follow the series; a move already made (or none to make) is skipped. */
async function moveHistory(root: string, from: SeriesKey, to: SeriesKey): Promise<void> {
  const src = historyDir(root, from);
  const dst = historyDir(root, to);
  if (!(await exists(src)) || (await exists(dst))) return;
  await fs.rename(src, dst);
  await fsyncDir(path.dirname(dst));
}

/** The target is taken: it has a manifest, or its folder holds partition files (rebuild would adopt them). */
async function refuseExisting(root: string, to: SeriesKey): Promise<void> {
  const files = await partitionFilesIn(insideCatalog(root, seriesDir(root, to)));
  if ((await readManifest(root, to)) || files.length > 0)
    // DATA (exit 1): the catalog's content refuses it, like a series that is not there.
    throw new BarcatError(
      'DATA',
      `series ${seriesId(to)} already exists in the catalog ${root}; choose another venue or symbol`,
      { reason: 'target_exists', series: seriesId(to) },
    );
}

/**
 * A running or queued job on the series (a backfill, an import) would go on writing under the old
 * id, recreating it beside the renamed one: the rename waits until it has ended.
 */
export function refuseBusy(root: string, from: SeriesKey, what = 'rename', except?: string): void {
  const id = seriesId(from);
  const job = listJobFiles(jobsDir(root))
    .map(shownView)
    .find((v) => v.id !== except && isOpen(v.state) && v.seriesIds.includes(id));
  if (job)
    throw new BarcatError(
      'BAD_INPUT',
      `series ${id} is in use by the running job "${job.title}" (${job.id}); ${what} it once that job has ended`,
      { reason: 'series_busy', series: id, jobId: job.id },
    );
}

/** A series' quality results (derived from its partition files, so still valid under the new name). */
const resultsFile = (root: string, key: SeriesKey) => catalogPath(root, QUALITY_DIR, manifestFileName(key));
/** The user's reviews and dropped-bar records of the series' findings (engines/quality/fixes). */
const fixesFile = (root: string, key: SeriesKey) =>
  catalogPath(root, QUALITY_DIR, 'fixes', manifestFileName(key));

/** The series' overview (coarser bars, engines/resample/overview.ts). */
const overviewFile = (root: string, key: SeriesKey) =>
  catalogPath(root, ...OVERVIEW_DIR, overviewFileName(key));

/**
 * After the commit: the quality results, the overview, fix records, the job files, schedules and health settings
 * naming the series follow, the old manifest and the folders left empty go, then the journal. Run again after a
 * crash, each step finds its work done or does it.
 */
async function finishRename(root: string, from: SeriesKey, to: SeriesKey): Promise<void> {
  for (const file of [resultsFile, fixesFile, overviewFile])
    await fs.rename(file(root, from), file(root, to)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  crashPoint('rename-results-moved');
  renameSeriesInJobFiles(jobsDir(root), seriesId(from), seriesId(to));
  await moveSeriesSettings(root, seriesId(from), seriesId(to));
  crashPoint('rename-settings-moved');
  await fs.rm(insideCatalog(root, manifestPath(root, from)), { force: true });
  crashPoint('rename-old-manifest-removed');
  await removeEmptyParents(root, from);
  await fs.rm(path.join(root, RENAME_JOURNAL), { force: true });
}

/**
 * Completes or undoes a rename a crash interrupted; call holding the writer lock (the sweep after a
 * dead writer, rebuild). The journal's keys are validated before any path is built from them.
 */
export async function recoverRename(root: string): Promise<'none' | 'finished' | 'undone'> {
  const journal = path.join(root, RENAME_JOURNAL);
  let text: string;
  try {
    text = await fs.readFile(journal, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
    throw err;
  }
  const { from, to } = readJournalKeys(text, journal);
  if (await exists(insideCatalog(root, manifestPath(root, to)))) {
    await finishRename(root, from, to);
    return 'finished';
  }
  const fromDir = insideCatalog(root, seriesDir(root, from));
  const toDir = insideCatalog(root, seriesDir(root, to));
  await moveHistory(root, to, from);
  if ((await exists(toDir)) && !(await exists(fromDir))) {
    await fs.rename(toDir, fromDir);
    await fsyncDir(path.dirname(fromDir));
    await removeEmptyParents(root, to);
  }
  await fs.rm(journal, { force: true });
  return 'undone';
}

function readJournalKeys(text: string, file: string): { from: SeriesKey; to: SeriesKey } {
  let json: { from?: unknown; to?: unknown } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // Written atomically, so unreadable JSON is damage from outside: reported below like a bad key.
  }
  const from = SeriesKeySchema.safeParse(json.from);
  const to = SeriesKeySchema.safeParse(json.to);
  if (!from.success || !to.success)
    throw new BarcatError(
      'CORRUPT',
      `rename journal ${file} names an invalid series; delete it, then run "barcat rebuild"`,
    );
  return { from: from.data, to: to.data };
}
