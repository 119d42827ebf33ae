import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_THREADS } from '../../../src-main/engines/quality/check-pool';
import { checkedInWorkers, refreshQuality } from '../../../src-main/engines/quality/index';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { MINUTE } from '../../../src-shared/domain/timeframe';
import { catalogEach } from '../catalog/helpers';
import { iso, summary } from './borders';
import { grid, plantStale, walk } from './synthetic';

const KEY: SeriesKey = { venue: 'BINANCE', symbol: 'SOLUSDT', timeframe: '1m' };
const Y2024 = Date.UTC(2024, 0, 1);
const JUN = Date.UTC(2023, 5, 14, 9, 0);
const JUL25 = Date.UTC(2025, 6, 1, 12, 0);
const MAR26 = Date.UTC(2026, 2, 1, 6, 0);

describe('quality pieces of uneven work in the worker pool', () => {
  const opened = catalogEach('barcat-quality-uneven-', async (catalog) => {
    // Every minute of 2023, then only the first day of each month of 2024-2026: twelve dense
    // partitions and 36 sparse ones, continuous across the New Year.
    const months = Array.from({ length: 36 }, (_, m) => Date.UTC(2024, m, 1));
    const times = [...grid(Date.UTC(2023, 0, 1), 365 * 1440), ...months.flatMap((m) => grid(m, 1440))];
    const b = walk(times, 5);
    const at = (t: number) => times.indexOf(t);
    plantStale(b, at(Y2024 - 3 * MINUTE), at(Y2024 + 3 * MINUTE));
    b.low[at(JUN)] = b.low[at(JUN)]! * 0.9;
    b.high[at(JUL25)] = b.high[at(JUL25)]! * 1.1;
    b.volume[at(MAR26)] = b.volume[at(MAR26)]! * 1e7;
    await catalog.write(KEY, b, 'merge');
  });

  it('gives the next piece to the worker that frees first, and the same findings as one whole read', async () => {
    const { dir, cat } = opened();
    // Four partitions a piece: 12 pieces, more than the workers (at most 4), of uneven work.
    const pieces = await refreshQuality(cat, KEY, undefined, { piecePartitions: 4, workerMinRows: 0 });
    expect(pieces).toMatchObject({ partitionsRecomputed: 48, partitionsTotal: 48 });
    const calls = checkedInWorkers.lastCalls;
    expect(calls.filter((c) => c.at === 'sent').map((c) => c.piece)).toEqual([...Array(12).keys()]);
    // Whatever the timing: never more pieces sent than workers (none queued behind a busy one),
    // and each answer while pieces wait is followed at once by the next piece sent (no worker idle).
    let inFlight = 0;
    let sent = 0;
    calls.forEach((c, k) => {
      if (c.at === 'sent') {
        inFlight++;
        sent++;
        expect(inFlight).toBeLessThanOrEqual(CHECK_THREADS);
        // The first pieces go out together, one per worker.
        if (sent <= CHECK_THREADS) expect(k).toBe(sent - 1);
        return;
      }
      inFlight--;
      if (sent < 12) expect(calls[k + 1]).toEqual({ piece: sent, at: 'sent' });
    });
    rmSync(path.join(dir, 'quality'), { recursive: true, force: true });
    const whole = await refreshQuality(cat, KEY, undefined, { workerMinRows: Number.POSITIVE_INFINITY });
    expect(pieces.findings).toEqual(whole.findings);
    expect(summary(pieces.findings)).toEqual([
      ['spike', iso(JUN), iso(JUN + MINUTE), 1, 'low'],
      ['stale_run', iso(Y2024 - 3 * MINUTE), iso(Y2024), 3, 6],
      ['stale_run', iso(Y2024), iso(Y2024 + 3 * MINUTE), 3, 6],
      ['spike', iso(JUL25), iso(JUL25 + MINUTE), 1, 'high'],
      ['volume_outlier', iso(MAR26), iso(MAR26 + MINUTE), 1, null],
    ]);
  });
});
