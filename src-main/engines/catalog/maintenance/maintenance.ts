import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  MAX_QUARANTINED_LISTED,
  type MaintenanceKind,
  type MaintenanceResult,
  type QuarantinedFile,
} from '../../../../src-shared/domain/job-state';
import { type SeriesKey, seriesId } from '../../../../src-shared/domain/series';
import { insideCatalog } from '../../../plumbing/inside';
import { readDirSafe } from '../disk/fsutil';
import { MANIFESTS_DIR, parseManifestFileName } from '../disk/layout';
import { acquireWriteLock } from '../disk/lock';
import { parseManifest } from '../disk/manifest-schema';
import { openCatalog } from '../open';
import { loadParquetLibs } from '../parquet/libs';
import { verifyTicks } from '../ticks/tick-verify';
import { rebuildCatalog } from './rebuild';
import { removeDeadLeftovers, sweepAll } from './sweep';
import { verifyCatalog } from './verify';

export interface MaintenanceOptions {
  /** How long to wait for another writer before failing with LOCKED ("being written by pid N since T"). */
  lockWaitMs: number;
  signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
  /** Quarantined files listed in the result (default MAX_QUARANTINED_LISTED); all are counted. */
  maxListed?: number;
}

/**
 * Runs verify or rebuild on a catalog folder the way any writer does: it takes the single-writer
 * lock for the whole run. What the report lacks for the app (where each file went, which series'
 * availability changed) is gathered here.
 */
export async function runMaintenance(
  dir: string,
  kind: MaintenanceKind,
  opts: MaintenanceOptions,
): Promise<MaintenanceResult> {
  // Opening refuses a folder that is no catalog and recovers after a crashed writer.
  const catalog = await openCatalog(dir);
  const root = catalog.dir;
  try {
    await loadParquetLibs();
    // Behind the app's own import or backfill (any thread) the lock waits; another process's write
    // is refused after lockWaitMs.
    const release = await acquireWriteLock(root, { waitMs: opts.lockWaitMs, signal: opts.signal });
    try {
      if (release.brokeStale) await sweepAll(root);
      const before = await manifestFingerprints(root);
      const quarantined: QuarantinedFile[] = [];
      const hooks = {
        signal: opts.signal,
        onProgress: opts.onProgress,
        onQuarantined: (q: QuarantinedFile) =>
          quarantined.push({
            ...q,
            file: path.relative(root, q.file),
            movedTo: path.relative(root, q.movedTo),
          }),
      };
      const base = { kind, quarantined, seriesChanged: [] as string[], stopped: false };
      let result: MaintenanceResult;
      if (kind === 'verify') {
        await removeDeadLeftovers(root, { seriesFolders: true });
        const r = await verifyCatalog(root, hooks);
        // Tick series are verified as the bars are (the CLI's verify does both too).
        if (!opts.signal?.aborted) await verifyTicks(root, r, hooks);
        result = {
          ...base,
          // Readable manifests: brokenManifests also holds bad entries and unlisted files.
          series: [...before.values()].filter((f) => f !== 'unreadable').length,
          partitionsChecked: r.partitionsChecked,
          ok: r.ok,
          // Unlisted files need a rebuild too: they join the lines the app lists under it.
          brokenManifests: [...(r.brokenManifests ?? []), ...(r.unlisted ?? []).map(unlistedLine)].map(
            (line) => line.split(`${root}${path.sep}`).join(''),
          ),
          manifestsWritten: new Set(quarantined.map((q) => q.series)).size,
        };
      } else {
        const r = await rebuildCatalog(root, hooks);
        result = {
          ...base,
          series: r.series,
          partitionsChecked: r.partitions + quarantined.length,
          ok: r.partitions,
          brokenManifests: [],
          manifestsWritten: r.manifestsWritten,
        };
      }
      const after = await manifestFingerprints(root);
      const ids = new Set([...before.keys(), ...after.keys()]);
      result.seriesChanged = [...ids].filter((id) => before.get(id) !== after.get(id)).sort();
      result.stopped = opts.signal?.aborted ?? false;
      result.quarantinedTotal = quarantined.length;
      result.quarantined = quarantined.slice(0, opts.maxListed ?? MAX_QUARANTINED_LISTED);
      return result;
    } finally {
      await release();
    }
  } finally {
    await catalog.close();
  }
}

function unlistedLine(u: { series: string; file: string; quarantined: boolean }): string {
  return u.quarantined
    ? `${u.file}: partition file its manifest does not name; moved to .quarantine`
    : `${u.file}: partition file no manifest lists; run "Rebuild manifests" to adopt it`;
}

/**
 * Per series id, what its availability is computed from (partitions, checked-empty ranges,
 * calendar); "unreadable" for a broken manifest. Sync reads: many small files, see listSeries.
 */
async function manifestFingerprints(root: string): Promise<Map<string, string>> {
  const dir = path.join(root, MANIFESTS_DIR);
  const out = new Map<string, string>();
  for (const name of await readDirSafe(dir)) {
    const key = parseManifestFileName(name);
    if (!key) continue;
    const id = seriesId(key as SeriesKey);
    const file = path.join(dir, name);
    try {
      insideCatalog(root, file);
      const m = parseManifest(readFileSync(file, 'utf8'), file);
      const parts = m.partitions.map((p) => [p.file, p.sha256, p.covered]);
      out.set(id, JSON.stringify([m.calendar, m.checkedEmpty, parts]));
    } catch {
      out.set(id, 'unreadable');
    }
  }
  return out;
}

/** What the maintenance worker thread is asked, and the progress it reports. */
export interface MaintenanceRequest {
  kind: MaintenanceKind;
  dir: string;
  lockWaitMs: number;
}

export interface MaintenanceProgress {
  done: number;
  total: number;
}
