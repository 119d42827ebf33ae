import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { BAR_BASE_COLUMNS } from '../../../src-shared/domain/bar';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { TimeframeSchema } from '../../../src-shared/domain/timeframe-schema';
import {
  type BarBatch,
  batchOf,
  catalogPath,
  checkKey,
  OVERVIEW_DIR,
  overviewFileName,
  writeFileAtomic,
} from '../catalog/index';

const HeaderSchema = z.object({
  format: z.literal(1),
  series: z.string(),
  /** The manifest generation the overview was computed from: another one means it is stale. */
  generation: z.number().int(),
  levels: z.array(TimeframeSchema),
  /** Per partition (by time): its file's hash and how many bars it gave each level. */
  parts: z.array(z.object({ key: z.string(), sha256: z.string(), counts: z.array(z.number().int()) })),
});
export type OverviewHeader = z.infer<typeof HeaderSchema>;

/** A series' overview: its bars resampled to each level (concatenated over the partitions, by time). */
export interface Overview extends OverviewHeader {
  bars: BarBatch[];
}

/**
 * CATALOG/cache/overview/<the series' manifest file stem>.bin, built from the validated key only:
 * derived data, never listed, counted or verified as bars; it moves with a rename and a delete.
 */
export function overviewPath(root: string, key: SeriesKey): string {
  return catalogPath(root, ...OVERVIEW_DIR, overviewFileName(checkKey(key)));
}

/**
 * One file: a uint32 header length, the JSON header, padding to 8 bytes, then per level its six
 * columns as float64 (little-endian), so a read is one file and no parsing of numbers.
 */
export async function writeOverview(root: string, key: SeriesKey, o: Overview): Promise<void> {
  const { bars, ...rest } = o;
  const header = Buffer.from(JSON.stringify(rest));
  const pad = (8 - ((4 + header.length) % 8)) % 8;
  const head = Buffer.alloc(4 + header.length + pad);
  head.writeUInt32LE(header.length, 0);
  header.copy(head, 4);
  const chunks: Uint8Array[] = [head];
  // An overview keeps the base columns only: a chart draws OHLCV.
  for (const b of bars)
    for (const c of BAR_BASE_COLUMNS) chunks.push(new Uint8Array(b[c].buffer, b[c].byteOffset, b.length * 8));
  await writeFileAtomic(overviewPath(root, key), Buffer.concat(chunks));
}

/** The stored overview, or undefined when absent or damaged (it is then built again). */
export async function readOverview(root: string, key: SeriesKey): Promise<Overview | undefined> {
  let buf: Buffer;
  try {
    buf = await readFile(overviewPath(root, key));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
  try {
    const len = buf.readUInt32LE(0);
    const header = HeaderSchema.parse(JSON.parse(buf.subarray(4, 4 + len).toString('utf8')));
    let at = 4 + len + ((8 - ((4 + len) % 8)) % 8);
    const bars = header.levels.map((_, l) => {
      const n = header.parts.reduce((sum, p) => sum + p.counts[l]!, 0);
      // A copy per column: the file's buffer may sit at any offset of a shared pool. batchOf asks for the
      // columns in BAR_BASE_COLUMNS order, the order writeOverview stored them in.
      const col = () => {
        const out = new Float64Array(buf.buffer.slice(buf.byteOffset + at, buf.byteOffset + at + n * 8));
        if (out.length !== n) throw new Error('short overview file');
        at += n * 8;
        return out;
      };
      return batchOf(n, col);
    });
    if (at !== buf.length) return undefined;
    return { ...header, bars };
  } catch {
    return undefined;
  }
}
