import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { TickKey } from '../../../../src-shared/domain/ticks';
import { BarcatError } from '../../../plumbing/errors';
import { insideCatalog } from '../../../plumbing/inside';
import { readDirSafe } from '../disk/fsutil';
import { quarantineFile } from '../disk/quarantine';
import { type FileProblem, readChecked } from '../read/read-checked';
import type { MaintenanceHooks, VerifyReport } from '../types';
import { decodeTicks } from './tick-codec';
import { TICK_MANIFESTS_DIR } from './tick-layout';
import { parseTickManifest, type TickFileEntry, type TickManifest, writeTickManifest } from './tick-manifest';
import { tickFilePath } from './tick-read';
import { sweepTickSeries } from './tick-sweep';

/** Every readable tick manifest; unreadable ones are named in `broken`. */
export async function readAllTickManifests(root: string, broken: string[]): Promise<TickManifest[]> {
  const dir = path.join(root, TICK_MANIFESTS_DIR);
  const out: TickManifest[] = [];
  for (const name of (await readDirSafe(dir)).sort()) {
    if (!name.endsWith('.json')) continue;
    const file = path.join(dir, name);
    try {
      insideCatalog(root, file);
      out.push(parseTickManifest(await fs.readFile(file, 'utf8'), file));
    } catch (err) {
      if (!(err instanceof BarcatError) && !(err as NodeJS.ErrnoException).code) throw err;
      broken.push(`${file}: ${(err as Error).message}`);
    }
  }
  return out;
}

/** Why a tick file is unusable, or undefined when it is what its manifest entry says. */
async function checkTickFile(
  kind: TickKey['kind'],
  file: string,
  e: TickFileEntry,
): Promise<FileProblem | undefined> {
  const bytes = await readChecked(file, e.sha256);
  if (!(bytes instanceof Uint8Array)) return bytes;
  try {
    const b = decodeTicks(kind, bytes);
    if (b.length !== e.rows)
      return { code: 'row-count-differs', reason: `file holds ${b.length} ticks, manifest says ${e.rows}` };
    if (b.ts[0] !== e.minTs || b.ts[b.length - 1] !== e.maxTs)
      return { code: 'time-span-differs', reason: 'time span differs from the manifest' };
  } catch (err) {
    return { code: 'not-parquet', reason: `not readable as Parquet (${(err as Error).message})` };
  }
  return undefined;
}

/**
 * Verify for tick series, as for bars: every file a manifest names is checked (present, checksum,
 * decodable, rows and span); a bad one goes to .quarantine with a note and leaves the manifest, so
 * its day shows as a gap. Unlisted tick files are swept (ours deleted, others quarantined). Adds to
 * `report`; call holding the writer lock.
 */
export async function verifyTicks(
  root: string,
  report: VerifyReport,
  hooks: MaintenanceHooks = {},
): Promise<void> {
  const broken = report.brokenManifests ?? [];
  for (const m of await readAllTickManifests(root, broken)) {
    const key: TickKey = m;
    const unlisted = report.unlisted ?? [];
    for (const file of await sweepTickSeries(root, key, m))
      unlisted.push({ series: m.series, file, quarantined: true });
    if (unlisted.length > 0) report.unlisted = unlisted;
    const keep: TickFileEntry[] = [];
    const lost: TickManifest['quarantined'] = [];
    for (const e of m.files) {
      report.partitionsChecked++;
      const file = tickFilePath(root, key, e);
      const found = await checkTickFile(m.kind, file, e);
      if (!found) {
        report.ok++;
        keep.push(e);
        continue;
      }
      const { code, reason } = found;
      const movedTo = await quarantineFile(root, file, reason);
      // Ranges in the report are ms, as every range in Barcat.
      const lostRange = { from: Math.floor(e.minTs / 1000), to: Math.floor(e.maxTs / 1000) + 1 };
      report.quarantined.push({ series: m.series, file, reason, lostRange });
      hooks.onQuarantined?.({ series: m.series, file, movedTo, reason, lostRange, code, period: e.date });
      lost.push({
        file: `${e.date}/${e.file}`,
        movedTo,
        reason,
        at: Date.now(),
        lostFrom: lostRange.from,
        lostTo: lostRange.to,
      });
    }
    if (lost.length > 0)
      await writeTickManifest(root, {
        ...m,
        generation: m.generation + 1,
        files: keep,
        quarantined: [...m.quarantined, ...lost],
      });
  }
  if (broken.length > 0) report.brokenManifests = broken;
}
