import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { type SeriesKey, seriesId } from '../../../../src-shared/domain/series';
import { BarcatError, parseJsonOr } from '../../../plumbing/errors';
import { insideCatalog } from '../../../plumbing/inside';
import { crashPoint } from './crash-hook';
import { fsyncDir, writeTempFile } from './fsutil';
import { manifestPath, parseManifestFileName } from './layout';
import { checkManifest } from './manifest-check';
import type { LastWriteSchema, ManifestSchema, PartitionEntrySchema } from './manifest-schema';

export const MANIFEST_FORMAT = 1;

export type PartitionEntry = z.infer<typeof PartitionEntrySchema>;
export type LastWrite = z.infer<typeof LastWriteSchema>;
export type Manifest = z.infer<typeof ManifestSchema>;

export function emptyManifest(key: SeriesKey, calendar: string): Manifest {
  return {
    format: MANIFEST_FORMAT,
    series: seriesId(key),
    venue: key.venue,
    symbol: key.symbol,
    timeframe: key.timeframe,
    calendar,
    generation: 0,
    partitions: [],
    checkedEmpty: [],
    lastWrite: null,
    pendingDelete: [],
    quarantined: [],
  };
}

/**
 * A manifest of its file's text. The hand check (manifest-check.ts, no zod) accepts what ManifestSchema
 * accepts, with the same result; what it refuses is parsed by the schema, loaded then, for its error.
 */
export async function parseManifestText(text: string, file: string): Promise<Manifest> {
  const json = parseManifestJson(text, file);
  const checked = checkManifest(json);
  if (checked === undefined) return (await import('./manifest-schema')).parseManifest(text, file);
  return agreesWithFileName(checked, file);
}

/** The JSON of a manifest's text, or the CORRUPT error that says it is none. */
export function parseManifestJson(text: string, file: string): unknown {
  return parseJsonOr(
    text,
    (reason) =>
      new BarcatError(
        'CORRUPT',
        `manifest ${file} is not valid JSON (${reason}); run "barcat rebuild" to recreate it from the Parquet files`,
      ),
  );
}

/** The manifest, once its series is the one its file name says: a manifest is found by its file name and written back under its content's. */
export function agreesWithFileName(m: Manifest, file: string): Manifest {
  const named = parseManifestFileName(path.basename(file));
  const id = seriesId(m);
  if (m.series !== id || (named && seriesId(named as SeriesKey) !== id))
    throw new BarcatError(
      'CORRUPT',
      `manifest ${file} names series ${m.series} (venue ${m.venue}, symbol ${m.symbol}, timeframe ${m.timeframe}), which is not the series of its file name; run "barcat rebuild" to recreate it`,
    );
  return m;
}

/** A manifest file's text (checked inside the catalog), or undefined when there is none. */
export async function readManifestText(root: string, file: string): Promise<string | undefined> {
  insideCatalog(root, file);
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The series' manifest, or undefined when the series has never been written. */
export async function readManifest(root: string, key: SeriesKey): Promise<Manifest | undefined> {
  const file = manifestPath(root, key);
  const text = await readManifestText(root, file);
  return text === undefined ? undefined : parseManifestText(text, file);
}

/** Atomic replace of a manifest file (bars' or ticks'): the manifest switch is the commit point of every write. */
export async function commitManifestFile(root: string, target: string, manifest: unknown): Promise<void> {
  insideCatalog(root, target);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = await writeTempFile(target, `${JSON.stringify(manifest)}\n`);
  crashPoint('manifest-temp-written');
  await fs.rename(tmp, target);
  await fsyncDir(path.dirname(target));
}

export async function writeManifest(root: string, manifest: Manifest): Promise<void> {
  const key = { venue: manifest.venue, symbol: manifest.symbol, timeframe: manifest.timeframe };
  await commitManifestFile(root, manifestPath(root, key), manifest);
}
