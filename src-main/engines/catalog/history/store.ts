import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { SeriesKey } from '../../../../src-shared/domain/series';
import { insideCatalog } from '../../../plumbing/inside';
import { crashPoint } from '../disk/crash-hook';
import { exists, fsyncDir, readDirSafe, writeFileAtomic } from '../disk/fsutil';
import { manifestFileName, parsePartitionFileName, seriesDir } from '../disk/layout';
import type { Manifest } from '../disk/manifest';
import { parseManifest } from '../disk/manifest-schema';

/**
 * Retained generations, outside bars/ so no reader (nor DuckDB's bars glob) ever sees them:
 *   history/V~S~T/N/entry.json   the manifest generation N replaced, and when
 *   history/V~S~T/N/*.parquet    the partition files generation N replaced (moved here after its commit)
 * An entry whose N the series' manifest never reached is an uncommitted write's: the sweep removes it.
 */
export const HISTORY_DIR = 'history';
const ENTRY_FILE = 'entry.json';

const EntryHeadSchema = z.object({ generation: z.number().int(), replacedAt: z.number().int() });

export interface HistoryEntry {
  /** The generation whose commit replaced `previous`. */
  generation: number;
  replacedAt: number;
  previous: Manifest;
}

export function historyDir(root: string, key: SeriesKey): string {
  return insideCatalog(root, path.join(root, HISTORY_DIR, manifestFileName(key).slice(0, -'.json'.length)));
}

export function entryDir(root: string, key: SeriesKey, generation: number): string {
  return insideCatalog(root, path.join(historyDir(root, key), String(generation)));
}

/** Generations with an entry, ascending. */
export async function entryGenerations(root: string, key: SeriesKey): Promise<number[]> {
  return (await readDirSafe(historyDir(root, key)))
    .filter((n) => /^[1-9]\d*$/.test(n))
    .map(Number)
    .sort((a, b) => a - b);
}

/** Before generation N commits: what it replaces, so undo can bring it back. */
export async function saveEntry(root: string, key: SeriesKey, generation: number, previous: Manifest) {
  const dir = entryDir(root, key, generation);
  await fs.mkdir(dir, { recursive: true });
  const body = { generation, replacedAt: Date.now(), previous };
  await writeFileAtomic(path.join(dir, ENTRY_FILE), `${JSON.stringify(body)}\n`);
  crashPoint('history-entry-written');
}

export async function readEntry(root: string, key: SeriesKey, generation: number): Promise<HistoryEntry> {
  const file = path.join(entryDir(root, key, generation), ENTRY_FILE);
  const json = JSON.parse(await fs.readFile(file, 'utf8')) as { previous?: unknown };
  const head = EntryHeadSchema.parse(json);
  return { ...head, previous: parseManifest(JSON.stringify(json.previous), file) };
}

/** Partition files kept in an entry, sorted. */
export async function entryFiles(root: string, key: SeriesKey, generation: number): Promise<string[]> {
  return (await readDirSafe(entryDir(root, key, generation))).filter((f) => parsePartitionFileName(f)).sort();
}

/** After generation N committed: the files it superseded move from the series folder into its entry. */
export async function retainFiles(
  root: string,
  key: SeriesKey,
  generation: number,
  files: readonly string[],
): Promise<void> {
  const from = seriesDir(root, key);
  const to = entryDir(root, key, generation);
  for (const file of files) {
    if (await exists(path.join(from, file))) await fs.rename(path.join(from, file), path.join(to, file));
    // The stage name the crash tests have always used for "a superseded file left the series folder".
    crashPoint('superseded-deleted');
  }
  if (files.length > 0) await Promise.all([fsyncDir(from), fsyncDir(to)]);
}

export async function hasEntry(root: string, key: SeriesKey, generation: number): Promise<boolean> {
  return exists(path.join(entryDir(root, key, generation), ENTRY_FILE));
}

export async function removeEntry(root: string, key: SeriesKey, generation: number): Promise<void> {
  await fs.rm(entryDir(root, key, generation), { recursive: true, force: true });
}

/** The series' history folder goes when it holds nothing any more. */
export async function removeEmptyHistory(root: string, key: SeriesKey): Promise<void> {
  await fs.rmdir(historyDir(root, key)).catch(() => undefined);
}
