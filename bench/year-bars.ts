import { allocBatch, type BarBatch } from '../src-main/engines/catalog/index';

const MINUTE = 60_000;

/** A random walk on a cent grid, open = previous close, like real 1m exchange bars. */
export function yearOfMinutes(n: number, start: number): BarBatch {
  const cols = allocBatch(n);
  let p = 30_000;
  let seed = 42;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  for (let i = 0; i < n; i++) {
    const o = p;
    p = Math.round(p * (1 + (rand() - 0.5) * 0.002) * 100) / 100;
    cols.ts[i] = start + i * MINUTE;
    cols.open[i] = o;
    cols.close[i] = p;
    cols.high[i] = Math.round((Math.max(o, p) + rand() * 5) * 100) / 100;
    cols.low[i] = Math.round((Math.min(o, p) - rand() * 5) * 100) / 100;
    cols.volume[i] = Math.round(rand() * 100 * 1e5) / 1e5;
  }
  return cols;
}
