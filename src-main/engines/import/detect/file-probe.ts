import { promises as fs } from 'node:fs';
import type { Interval } from '../../../../src-shared/domain/range';
import { nextBarStart, type Timeframe } from '../../../../src-shared/domain/timeframe';
import { ProblemLog } from '../parse/problems';
import { utcTimes } from '../read/finalize';
import type { ReadPlan } from '../read/read-plan';
import { RowParser } from '../read/row-parser';

const TAIL_BYTES = 64 * 1024;
/** Windows read across the file: enough that 24x7 data shows a weekend bar (fx and xnys have none). */
const WINDOWS = 24;
const WINDOW_BYTES = 8 * 1024;

/** What a few reads across a whole file tell without reading it through. */
export interface FileProbe {
  /** [first bar, after the last bar) as stored: what the conflict mode decides about. */
  span: Interval | null;
  /** UTC bar opens from the sample and from windows across the file (the calendar is told from them). */
  times: number[];
}

/** The complete lines of `buf` (a read at `start` of a file of `size` bytes) fed to the parser. */
function feed(parser: RowParser, plan: ReadPlan, buf: Buffer, start: number, size: number): void {
  const lines = buf.toString('utf8').split('\n');
  // A read inside the file starts and may end mid-line: those pieces are dropped. At the start, real
  // line numbers let the parser skip the header and banners.
  const last = start + buf.length < size ? lines.length - 1 : lines.length;
  for (let i = start > 0 ? 1 : 0; i < last; i++)
    parser.pushLine(lines[i] as string, start > 0 ? plan.firstDataLine + i : i + 1);
}

/**
 * Probes a file from its sampled bars, its last 64 KiB (either end may hold the newest bar) and
 * windows across it. Rows that do not parse are ignored here; the import itself reports them.
 */
export async function probeFile(
  plan: ReadPlan,
  timeframe: Timeframe,
  sampleTs: ArrayLike<number>,
): Promise<FileProbe> {
  const parser = new RowParser(plan, new ProblemLog(plan.file), 1024);
  const fh = await fs.open(plan.file, 'r');
  try {
    const { size } = await fh.stat();
    const reads: [number, number][] = [];
    for (let k = 1; k < WINDOWS; k++) reads.push([Math.floor((size * k) / WINDOWS), WINDOW_BYTES]);
    reads.push([Math.max(0, size - TAIL_BYTES), TAIL_BYTES]);
    for (const [start, length] of reads) {
      const buf = Buffer.alloc(Math.min(length, size - start));
      const { bytesRead } = await fh.read(buf, 0, buf.length, start);
      feed(parser, plan, buf.subarray(0, bytesRead), start, size);
    }
    parser.end();
  } finally {
    await fh.close();
  }
  const utc = utcTimes(timeframe, plan);
  const cols = parser.cols;
  const times = Array.from(sampleTs);
  for (let i = 0; i < cols.length; i++) times.push(utc(cols.civil[i] as number, cols.offsetMin[i] as number));
  if (times.length === 0) return { span: null, times };
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const t of times) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  return { span: { from: min, to: nextBarStart(max, timeframe) }, times };
}
