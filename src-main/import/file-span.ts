import { promises as fs } from 'node:fs';
import type { Interval } from '../../src-shared/domain/range';
import { nextBarStart, type Timeframe } from '../../src-shared/domain/timeframe';
import { utcTimes } from './finalize';
import type { ReadPlan } from './plan';
import { ProblemLog } from './problems';
import { RowParser } from './row-parser';

const TAIL_BYTES = 64 * 1024;

/**
 * The span [first bar, after the last bar) a whole file covers, as stored: from the bars of its
 * sample and the rows of its last 64 KiB (either end may hold the newest bar), without reading it
 * through. What the conflict mode decides about is what the catalog holds inside it.
 */
export async function fileSpan(
  plan: ReadPlan,
  timeframe: Timeframe,
  sampleTs: ArrayLike<number>,
): Promise<Interval | null> {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < sampleTs.length; i++) {
    const t = sampleTs[i] as number;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const parser = new RowParser(plan, new ProblemLog(plan.file), 1024);
  const fh = await fs.open(plan.file, 'r');
  try {
    const { size } = await fh.stat();
    const start = Math.max(0, size - TAIL_BYTES);
    const buf = Buffer.alloc(size - start);
    const { bytesRead } = await fh.read(buf, 0, buf.length, start);
    const lines = buf.subarray(0, bytesRead).toString('utf8').split('\n');
    // Cut inside the file: the first line is a partial one. At the start, real line numbers let
    // the parser skip the header and banners.
    const from = start > 0 ? 1 : 0;
    for (let i = from; i < lines.length; i++)
      parser.pushLine(lines[i] as string, start > 0 ? plan.firstDataLine + i : i + 1);
    parser.end();
  } finally {
    await fh.close();
  }
  const utc = utcTimes(timeframe, plan);
  const cols = parser.cols;
  for (let i = 0; i < cols.length; i++) {
    const t = utc(cols.civil[i] as number, cols.offsetMin[i] as number);
    if (t < min) min = t;
    if (t > max) max = t;
  }
  if (!Number.isFinite(min)) return null;
  return { from: min, to: nextBarStart(max, timeframe) };
}
