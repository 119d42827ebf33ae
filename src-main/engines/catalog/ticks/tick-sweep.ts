import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { TickKey } from '../../../../src-shared/domain/ticks';
import { insideCatalog } from '../../../plumbing/inside';
import { readDirSafe } from '../disk/fsutil';
import { quarantineFile } from '../disk/quarantine';
import { parseDayDirName, parseTickFileName, tickSeriesDir } from './tick-layout';
import type { TickManifest } from './tick-manifest';

/**
 * Cleans what an interrupted tick write left in a series folder; call it holding the writer lock.
 * Deleted: files of a generation the manifest never committed (provably an unfinished write's) and
 * files the last commit superseded. Any other tick file the manifest does not name goes to
 * .quarantine with a note; foreign files are left alone. Returns what was quarantined.
 */
export async function sweepTickSeries(
  root: string,
  key: TickKey,
  m: TickManifest | undefined,
): Promise<string[]> {
  const dir = tickSeriesDir(root, key);
  insideCatalog(root, dir);
  const listed = new Set((m?.files ?? []).map((f) => `${f.date}/${f.file}`));
  const pending = new Set(m?.pendingDelete ?? []);
  const committed = m?.generation ?? 0;
  const quarantined: string[] = [];
  for (const dayDir of await readDirSafe(dir)) {
    const date = parseDayDirName(dayDir);
    if (!date) continue;
    const full = path.join(dir, dayDir);
    for (const name of await readDirSafe(full)) {
      const parsed = parseTickFileName(name);
      if (!parsed || listed.has(`${date}/${name}`)) continue;
      const file = path.join(full, name);
      if (parsed.generation > committed || pending.has(`${date}/${name}`)) await fs.rm(file, { force: true });
      else {
        await quarantineFile(root, file, 'tick file no manifest names');
        quarantined.push(file);
      }
    }
    // An emptied day folder goes too (rmdir refuses a folder that still holds anything).
    await fs.rmdir(full).catch(() => undefined);
  }
  return quarantined;
}
