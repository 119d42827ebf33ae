import type { TickPlan } from '../../../../src-shared/domain/ticks';
import type { TickBatch } from '../../catalog/index';
import { ProblemLog } from '../parse/problems';
import { readSample } from '../read/read-file';
import { TickRows } from './tick-rows';

/** One tick as a preview shows it: time in ms UTC, then the kind's values (quotes bid, ask; trades price, size). */
export interface SampleTick {
  ts: number;
  values: (number | null)[];
}

/** The value columns of a kind, in the order SampleTick.values holds them. */
export function sampleColumns(kind: TickPlan['kind']): string[] {
  return kind === 'quotes' ? ['bid', 'ask', 'bid_size', 'ask_size'] : ['price', 'size', 'side', 'id'];
}

const at = (a: ArrayLike<number> | undefined, i: number) => (a ? (a[i] ?? null) : null);

function rowsOf(b: TickBatch, n: number): SampleTick[] {
  const out: SampleTick[] = [];
  for (let i = 0; i < Math.min(n, b.length); i++)
    out.push({
      ts: Math.floor(b.ts[i]! / 1000),
      values:
        b.kind === 'quotes'
          ? [at(b.bid, i), at(b.ask, i), at(b.bidSize, i), at(b.askSize, i)]
          : [at(b.price, i), at(b.size, i), at(b.side, i), at(b.id, i)],
    });
  return out;
}

/**
 * The first ticks of a file read by the very rules the import applies (TickRows), from its sample:
 * what the preview shows is what the import will store. Rows the rules refuse are left out here;
 * the import reports them.
 */
export async function firstTicks(file: string, plan: TickPlan, n = 5): Promise<SampleTick[]> {
  const { text, whole } = await readSample(file);
  const lines = text.split('\n');
  // A sample that is not the whole file may end inside a line: only whole lines are read.
  if (!whole) lines.pop();
  const out: SampleTick[] = [];
  // A small buffer: a preview holds a few hundred ticks, never a day's million.
  const rows = new TickRows(
    plan,
    new ProblemLog(file),
    async (day) => {
      if (out.length < n) out.push(...rowsOf(day, n - out.length));
    },
    256,
  );
  for (const [i, l] of lines.entries()) {
    if (i === 0 && plan.hasHeader) continue;
    const handOver = rows.push(l.replace(/\r$/, ''), i + 1);
    if (handOver !== undefined) await handOver;
    if (out.length >= n) break;
  }
  await rows.end();
  return out.slice(0, n);
}
