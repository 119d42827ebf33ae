import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { BarcatError } from '../../../plumbing/errors';
import { reachesCatalog } from '../../catalog/index';

/** Refuses an export folder inside the catalog (links resolved): an export never writes there. */
export async function refuseInsideCatalog(out: string, catalogDir: string): Promise<void> {
  if (reachesCatalog(catalogDir, out))
    throw new BarcatError(
      'BAD_INPUT',
      `${out} is inside the catalog ${catalogDir}; export to a folder outside it`,
      { reason: 'out_inside_catalog' },
    );
}

/** Refuses an export folder inside the catalog or one that holds files. */
export async function checkOutFolder(out: string, catalogDir: string): Promise<void> {
  await refuseInsideCatalog(out, catalogDir);
  const entries = await fs.readdir(out).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    if (err.code === 'ENOTDIR')
      throw new BarcatError('BAD_INPUT', `${out} is a file; --out names a new or empty folder`);
    throw err;
  });
  if (entries.length > 0)
    throw new BarcatError(
      'BAD_INPUT',
      `${out} is not empty (${entries.length} entries); an export goes to a new or empty folder and is never modified in place`,
      { reason: 'out_not_empty' },
    );
}

/** A staging folder beside `out`: the export is built there and renamed into place when complete. */
export async function makeStaging(out: string): Promise<string> {
  const dir = path.join(
    path.dirname(out),
    `.${path.basename(out)}.staging-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

/** Moves the finished staging folder to `out` (an empty `out` is replaced; a filled one refused). */
export async function publish(staging: string, out: string): Promise<void> {
  await fs.rmdir(out).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return;
    if (err.code === 'ENOTEMPTY' || err.code === 'EEXIST')
      throw new BarcatError('BAD_INPUT', `${out} got files while the export ran; the export was not written`);
    throw err;
  });
  await fs.rename(staging, out);
}
