import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { BarcatError } from '../../plumbing/errors';

/**
 * Writes `target` whole or not at all: chunks go to a temp file beside it, which is fsynced and then
 * linked (refusing an existing file) or, with `force`, renamed over it. The temp file never outlives a failure.
 */
export async function writeFileAtomic(
  target: string,
  chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
  force: boolean,
): Promise<void> {
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(
    dir,
    `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  const handle = await fs.open(tmp, 'wx');
  try {
    try {
      for await (const chunk of chunks) await handle.writeFile(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (force) await fs.rename(tmp, target);
    else await linkNew(tmp, target);
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

/** link() fails with EEXIST instead of replacing: no window where another file could be overwritten. */
async function linkNew(tmp: string, target: string): Promise<void> {
  try {
    await fs.link(tmp, target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw exists(target);
    throw err;
  }
}

export function exists(target: string): BarcatError {
  return new BarcatError(
    'BAD_INPUT',
    `${target} already exists; add --force to replace it or choose another --out`,
  );
}
