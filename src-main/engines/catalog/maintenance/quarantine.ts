import { promises as fs } from 'node:fs';
import path from 'node:path';
import { exists } from '../fsutil';
import { insideCatalog } from '../inside';
import { QUARANTINE_DIR } from '../layout';

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
