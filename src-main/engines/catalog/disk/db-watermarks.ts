import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { catalogPath } from '../../../plumbing/inside';
import { writeFileAtomic } from './fsutil';

/** CATALOG/db-imports/<source hash>.json: how far a database migration got (see engines/databases). */
export const DB_IMPORTS_DIR = 'db-imports';

const WatermarkSchema = z.object({
  /** The source as the user named it, password-free: `postgres://u@h:5432/db table market_data`. */
  source: z.string(),
  /** The last key committed to the catalog: the ts key value, then the series columns' values. */
  key: z.array(z.string()),
  /** Source rows read up to and including key, over every run. */
  rows: z.number(),
  updatedAt: z.string(),
});
export type DbWatermark = z.infer<typeof WatermarkSchema>;

function watermarkPath(root: string, sourceHash: string): string {
  if (!/^[0-9a-f]{16,64}$/.test(sourceHash)) throw new Error(`bad source hash "${sourceHash}"`);
  return catalogPath(root, DB_IMPORTS_DIR, `${sourceHash}.json`);
}

/** The watermark of one source, or null before its first committed chunk. */
export async function readDbWatermark(root: string, sourceHash: string): Promise<DbWatermark | null> {
  let text: string;
  try {
    text = await fs.readFile(watermarkPath(root, sourceHash), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return WatermarkSchema.parse(JSON.parse(text));
}

/** Written atomically after the chunk's bars are committed, so it never runs ahead of the catalog. */
export async function writeDbWatermark(root: string, sourceHash: string, w: DbWatermark): Promise<void> {
  await fs.mkdir(catalogPath(root, DB_IMPORTS_DIR), { recursive: true });
  await writeFileAtomic(watermarkPath(root, sourceHash), `${JSON.stringify(w)}\n`);
}

/**
 * Forgets a source's watermark (undo took back its rows: the next run must read them again);
 * returns the watermark removed, or null when there was none.
 */
export async function removeDbWatermark(root: string, sourceHash: string): Promise<DbWatermark | null> {
  const mark = await readDbWatermark(root, sourceHash);
  if (mark) await fs.rm(watermarkPath(root, sourceHash), { force: true });
  return mark;
}
