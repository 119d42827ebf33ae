import { promises as fs } from 'node:fs';
import path from 'node:path';
import { insideCatalog } from '../../../plumbing/inside';
import { exists } from './fsutil';
import { BARS_DIR, QUARANTINE_DIR, timeframeFromDirName } from './layout';

/**
 * Moves a file out of service into CATALOG/.quarantine/, keeping its path below the catalog, and
 * writes FILE.why.txt next to it saying why and when. Returns the new path. Nothing is deleted.
 */
export async function quarantineFile(root: string, file: string, reason: string): Promise<string> {
  // Never moves a file from outside the catalog in, nor out through a linked .quarantine folder.
  insideCatalog(root, file);
  const rel = path.relative(root, file);
  let target = path.join(root, QUARANTINE_DIR, rel);
  insideCatalog(root, target);
  // Never overwrite an earlier quarantined copy of the same name.
  if (await exists(target)) target = `${target}.${Date.now()}`;
  await fs.mkdir(path.dirname(target), { recursive: true });
  if (await exists(file)) await fs.rename(file, target);
  const note = `${new Date().toISOString()} ${rel}\nreason: ${reason}\n`;
  await fs.writeFile(`${target}.why.txt`, note);
  return target;
}

export interface QuarantinedEntry {
  /** Relative to the catalog folder, with forward slashes. */
  file: string;
  /** The series whose bars it held (from its path), or null (a manifest, an unknown folder). */
  series: string | null;
  /** The reason line of its .why.txt note; empty when the note is missing. */
  reason: string;
}

/** Every file in CATALOG/.quarantine (notes excluded), for health reports; none when the folder is absent. */
export async function listQuarantined(root: string): Promise<QuarantinedEntry[]> {
  const dir = path.join(root, QUARANTINE_DIR);
  insideCatalog(root, dir);
  let names: string[];
  try {
    names = (await fs.readdir(dir, { recursive: true })) as string[];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: QuarantinedEntry[] = [];
  for (const name of names.sort()) {
    if (name.endsWith('.why.txt')) continue;
    const full = path.join(dir, name);
    if (!(await fs.stat(full)).isFile()) continue;
    const note = await fs.readFile(`${full}.why.txt`, 'utf8').catch(() => '');
    const reason = /^reason: (.*)$/m.exec(note)?.[1] ?? '';
    const rel = name.split(path.sep).join('/');
    out.push({ file: `${QUARANTINE_DIR}/${rel}`, series: seriesOfBarsPath(rel), reason });
  }
  return out;
}

function seriesOfBarsPath(rel: string): string | null {
  const m = new RegExp(`^${BARS_DIR}/venue=([^/]+)/symbol=([^/]+)/timeframe=([^/]+)/`).exec(rel);
  return m ? `${m[1]}:${m[2]}:${timeframeFromDirName(m[3]!)}` : null;
}
