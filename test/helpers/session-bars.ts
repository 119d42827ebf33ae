import type { Bar } from '../../src-shared/domain/bar';
import { MINUTE } from '../../src-shared/domain/timeframe';
import { cli } from '../main/catalog/cli-io';

/** n bars from `open`, bar k: open base+k, high +0.5, low -0.5, close +0.25, volume 1; `skip` leaves bars out. */
export function run(open: number, n: number, base: number, step = MINUTE, skip: number[] = []): Bar[] {
  return Array.from({ length: n }, (_, k) => ({
    ts: open + k * step,
    open: base + k,
    high: base + k + 0.5,
    low: base + k - 0.5,
    close: base + k + 0.25,
    volume: 1,
  })).filter((_, k) => !skip.includes(k));
}

/** `barcat query SERIES --timeframe TF --align session --format json [MORE]` on the catalog `dir`. */
export async function querySession(dir: string, series: string, tf: string, more: string[] = []) {
  const args = ['query', series, '--timeframe', tf, '--align', 'session', '--format', 'json'];
  const r = await cli([...args, ...more, '--catalog', dir]);
  return {
    code: r.code,
    bars: r.code === 0 ? (JSON.parse(r.stdout) as Record<string, unknown>[]) : [],
    stderr: r.stderr,
  };
}
