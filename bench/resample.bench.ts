// Resampling on read: a year of 1-minute bars to 1h, against the time to read that year at all
// (target: resampling adds well under the read time; it is one pass over the columns).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findCalendar } from '../src-main/engines/calendars/index';
import { allocBatch, arrowToBatch, openCatalog } from '../src-main/engines/catalog/index';
import { readResampled, resampleBatch } from '../src-main/engines/resample/index';
import { median, ms, peakRssMb, recordBench } from './record';

const MIN = 60_000;
const N = 366 * 24 * 60; // 2024 is a leap year
const key = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;
const dir = mkdtempSync(path.join(os.tmpdir(), 'barcat-bench-resample-'));

try {
  const b = allocBatch(N);
  for (let i = 0; i < N; i++) {
    const p = 40_000 + Math.sin(i / 500) * 1000;
    b.ts[i] = Date.UTC(2024, 0, 1) + i * MIN;
    b.open[i] = p;
    b.high[i] = p + 5;
    b.low[i] = p - 5;
    b.close[i] = p + 1;
    b.volume[i] = 1 + (i % 97);
  }
  const catalog = await openCatalog(dir);
  await catalog.write(key, b, 'merge');
  const request = { timeframe: '1h', align: 'utc', fill: false, completeOnly: false } as const;
  const read: number[] = [];
  const readAndResample: number[] = [];
  const resampleOnly: number[] = [];
  const batch = arrowToBatch(await catalog.query(key, undefined));
  const calendar = findCalendar('24x7')!;
  for (let i = 0; i < 5; i++) {
    let start = performance.now();
    arrowToBatch(await catalog.query(key, undefined));
    read.push(ms(start));
    start = performance.now();
    const r = await readResampled(catalog, key, undefined, {}, request);
    readAndResample.push(ms(start));
    if (r.bars.length !== 366 * 24) throw new Error(`expected ${366 * 24} hourly bars, got ${r.bars.length}`);
    start = performance.now();
    resampleBatch(batch, '1m', '1h', { calendar });
    resampleOnly.push(ms(start));
  }
  await catalog.close();
  recordBench('resample', {
    bars: N,
    readYearMs: median(read),
    readAndResampleTo1hMs: median(readAndResample),
    resampleOnlyMs: median(resampleOnly),
    peakRssMb: peakRssMb(),
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
