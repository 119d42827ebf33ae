import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type SeriesKey, seriesId } from '../../../../src-shared/domain/series';
import { BarcatError } from '../../../plumbing/errors';
import { insideCatalog } from '../../../plumbing/inside';
import { exists, readDirSafe } from '../disk/fsutil';
import { MANIFESTS_DIR, manifestPath, parseManifestFileName, seriesDir } from '../disk/layout';
import { type Manifest, type PartitionEntry, writeManifest } from '../disk/manifest';
import { parseManifest } from '../disk/manifest-schema';
import { quarantineFile } from '../disk/quarantine';
import { partitionFilesIn, seriesOnDisk } from '../disk/series-on-disk';
import { columnToFloat64 } from '../parquet/arrow';
import { decodeParquet } from '../parquet/codec';
import { partitionPath } from '../partition-io';
import { type FileProblem, readChecked } from '../read/read-checked';
import type { MaintenanceHooks, VerifyReport } from '../types';
import { sweepSeries } from './sweep';

/**
 * Checks every partition named by a manifest: present, checksum equal, decodable, same rows and
 * time span. A bad file goes to .quarantine with a note; its partition leaves the manifest, so the
 * lost range shows as a gap. An entry or series folder leading out of the catalog is reported as a
 * bad manifest entry and left alone. Partition files no manifest lists are reported (rebuild adopts
 * them). Call holding the writer lock. Cancelling stops before the next partition; the series at
 * hand still gets its manifest written, so nothing quarantined is left named.
 */
export async function verifyCatalog(root: string, hooks: MaintenanceHooks = {}): Promise<VerifyReport> {
  const report: VerifyReport = {
    partitionsChecked: 0,
    ok: 0,
    quarantined: [],
    brokenManifests: [],
    unlisted: [],
  };
  const manifests = await readAllManifests(root, report);
  const total = manifests.reduce((n, m) => n + m.partitions.length, 0);
  hooks.onProgress?.(0, total);
  for (const manifest of manifests) {
    if (hooks.signal?.aborted) break;
    const key: SeriesKey = { venue: manifest.venue, symbol: manifest.symbol, timeframe: manifest.timeframe };
    const badEntry = (what: string, err: unknown) => {
      if (!(err instanceof BarcatError)) throw err;
      report.brokenManifests!.push(`${manifestPath(root, key)}: ${what}: ${err.message}`);
    };
    try {
      insideCatalog(root, seriesDir(root, key));
    } catch (err) {
      // Left alone; the folder scan below reports the link where it is.
      if (err instanceof BarcatError) continue;
      throw err;
    }
    const swept = await sweepSeries(root, key, manifest);
    for (const file of swept.quarantined)
      report.unlisted!.push({ series: manifest.series, file, quarantined: true });
    const keep: PartitionEntry[] = [];
    const lost: Manifest['quarantined'] = [];
    for (const p of manifest.partitions) {
      if (hooks.signal?.aborted) {
        keep.push(p);
        continue;
      }
      report.partitionsChecked++;
      const full = partitionPath(root, key, p);
      try {
        insideCatalog(root, full);
      } catch (err) {
        badEntry(`partition ${p.file}`, err);
        keep.push(p);
        hooks.onProgress?.(report.partitionsChecked, total);
        continue;
      }
      const problem = await checkPartition(full, p);
      if (!problem) {
        report.ok++;
        keep.push(p);
      } else {
        const { code, reason } = problem;
        const movedTo = await quarantineFile(root, full, reason);
        const lostRange = { from: p.minTs, to: p.covered.at(-1)?.[1] ?? p.maxTs + 1 };
        report.quarantined.push({ series: manifest.series, file: full, reason, lostRange });
        const series = manifest.series;
        hooks.onQuarantined?.({ series, file: full, movedTo, reason, lostRange, code, period: p.key });
        lost.push({
          file: p.file,
          movedTo,
          reason,
          at: Date.now(),
          lostFrom: lostRange.from,
          lostTo: lostRange.to,
        });
      }
      hooks.onProgress?.(report.partitionsChecked, total);
    }
    if (lost.length > 0)
      await writeManifest(root, {
        ...manifest,
        generation: manifest.generation + 1,
        partitions: keep,
        quarantined: [...manifest.quarantined, ...lost],
      });
  }
  if (!hooks.signal?.aborted) await reportUnlisted(root, report);
  return report;
}

/**
 * Partition files of series folders with no manifest at all (a lost manifest; rebuild adopts them),
 * and folders linked out of the catalog, where the link is.
 */
async function reportUnlisted(root: string, report: VerifyReport): Promise<void> {
  const { keys, outside } = await seriesOnDisk(root);
  for (const reason of outside) report.brokenManifests!.push(`series folder: ${reason}`);
  for (const key of keys) {
    if (await exists(manifestPath(root, key))) continue;
    const dir = seriesDir(root, key);
    for (const name of await partitionFilesIn(dir))
      report.unlisted!.push({ series: seriesId(key), file: path.join(dir, name), quarantined: false });
  }
}

/** Every readable manifest, in file-name order; unreadable ones are listed in the report. */
async function readAllManifests(root: string, report: VerifyReport): Promise<Manifest[]> {
  const dir = path.join(root, MANIFESTS_DIR);
  const manifests: Manifest[] = [];
  try {
    insideCatalog(root, dir);
  } catch (err) {
    if (!(err instanceof BarcatError)) throw err;
    report.brokenManifests!.push(`manifests folder: ${err.message}`);
    return manifests;
  }
  for (const name of (await readDirSafe(dir)).sort()) {
    if (!parseManifestFileName(name)) continue;
    const file = path.join(dir, name);
    try {
      insideCatalog(root, file);
      manifests.push(parseManifest(await fs.readFile(file, 'utf8'), file));
    } catch (err) {
      report.brokenManifests!.push(`${file}: ${(err as Error).message}`);
    }
  }
  return manifests;
}

/** Why a partition file is unusable (a code, and the exact words for notes and the CLI), or undefined when it is fine. */
export async function checkPartition(file: string, p: PartitionEntry): Promise<FileProblem | undefined> {
  const bytes = await readChecked(file, p.sha256);
  if (!(bytes instanceof Uint8Array)) return bytes;
  try {
    const table = decodeParquet(bytes);
    if (table.numRows !== p.rows)
      return {
        code: 'row-count-differs',
        reason: `file holds ${table.numRows} rows, manifest says ${p.rows}`,
      };
    const ts = columnToFloat64(table, 'ts');
    if (!ts || ts[0] !== p.minTs || ts[ts.length - 1] !== p.maxTs)
      return { code: 'time-span-differs', reason: 'time span differs from the manifest' };
  } catch (err) {
    return { code: 'not-parquet', reason: `not readable as Parquet (${(err as Error).message})` };
  }
  return undefined;
}
