import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  batchFromBars,
  type Catalog,
  openCatalog,
  type SessionCalendar,
} from '../../../../src-main/engines/catalog/index';
import type { Interval } from '../../../../src-shared/domain/range';
import { HOUR, MINUTE } from '../../../../src-shared/domain/timeframe';
import { minuteBars, T0, tempDirEach } from '../helpers';

const KEY = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;

describe('availability and gaps', () => {
  const tmp = tempDirEach('barcat-cat-');
  let cat: Catalog;
  let dir: string;
  beforeEach(async () => {
    dir = tmp();
    cat = await openCatalog(dir);
    // Minutes 0-59 and 90-119: one gap of 30 bars at 60-90.
    await cat.write(
      KEY,
      batchFromBars([...minuteBars(T0, 60), ...minuteBars(T0 + 90 * MINUTE, 30)]),
      'merge',
    );
  });
  afterEach(async () => {
    await cat.close();
  });

  it('finds covered intervals and gaps with missing bar counts', async () => {
    const a = await cat.availability(KEY);
    expect(a.first).toBe(T0);
    expect(a.last).toBe(T0 + 119 * MINUTE);
    expect(a.rows).toBe(90);
    expect(a.partitions).toBe(2);
    expect(a.covered).toEqual([
      { from: T0, to: T0 + 60 * MINUTE },
      { from: T0 + 90 * MINUTE, to: T0 + 120 * MINUTE },
    ]);
    expect(a.gaps).toEqual([{ from: T0 + 60 * MINUTE, to: T0 + 90 * MINUTE, missingBars: 30 }]);
    expect(a.coveragePct).toBe(75);
    expect(a.gapCount).toBe(1);
    expect(a.missingBars).toBe(30);
    expect(a.calendar).toBe('24x7');
  });

  it('counts gaps over an explicit range, including before the first and after the last bar', async () => {
    const a = await cat.availability(KEY, { range: { from: T0 - 10 * MINUTE, to: T0 + 130 * MINUTE } });
    expect(a.gaps.map((g) => g.missingBars)).toEqual([10, 30, 10]);
    expect(a.coveragePct).toBe(64.29);
  });

  it('subtracts checked-empty ranges from gaps, and clearing them brings the gap back', async () => {
    await cat.recordCheckedEmpty(KEY, [
      { from: T0 + 60 * MINUTE, to: T0 + 80 * MINUTE, provider: 'binance', checkedAt: 1 },
    ]);
    let a = await cat.availability(KEY);
    expect(a.gaps).toEqual([{ from: T0 + 80 * MINUTE, to: T0 + 90 * MINUTE, missingBars: 10 }]);
    expect(a.checkedEmpty).toEqual([
      { from: T0 + 60 * MINUTE, to: T0 + 80 * MINUTE, provider: 'binance', checkedAt: 1 },
    ]);
    await cat.clearCheckedEmpty(KEY, { from: T0 + 70 * MINUTE, to: T0 + 200 * MINUTE });
    a = await cat.availability(KEY);
    expect(a.gaps).toEqual([{ from: T0 + 70 * MINUTE, to: T0 + 90 * MINUTE, missingBars: 20 }]);
  });

  it('counts gaps only within the sessions of a calendar', async () => {
    // A market open only during the first half of each hour.
    const halfHours: SessionCalendar = {
      name: 'half-hours',
      sessions(range: Interval) {
        const out: Interval[] = [];
        for (let h = Math.floor(range.from / HOUR) * HOUR; h < range.to; h += HOUR) {
          const from = Math.max(h, range.from);
          const to = Math.min(h + 30 * MINUTE, range.to);
          if (to > from) out.push({ from, to });
        }
        return out;
      },
    };
    const a = await cat.availability(KEY, { calendar: halfHours });
    expect(a.calendar).toBe('half-hours');
    expect(a.gaps).toEqual([{ from: T0 + 60 * MINUTE, to: T0 + 90 * MINUTE, missingBars: 30 }]);
    expect(a.coveragePct).toBe(50);
  });

  it('treats an unknown series as all gap when a range is given, NOT_FOUND without one', async () => {
    const other = { ...KEY, symbol: 'ETHUSDT' };
    const a = await cat.availability(other, { range: { from: T0, to: T0 + 10 * MINUTE } });
    expect(a).toMatchObject({ rows: 0, first: null, coveragePct: 0, gapCount: 1 });
    expect(a.gaps).toEqual([{ from: T0, to: T0 + 10 * MINUTE, missingBars: 10 }]);
    await expect(cat.availability(other)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await cat.listSeries()).map((s) => s.id)).toEqual(['BINANCE:BTCUSDT:1m']);
  });

  it('lists series from manifests with summary figures', async () => {
    await cat.write({ ...KEY, timeframe: '1h' }, batchFromBars(minuteBars(T0, 5, 1, HOUR)), 'merge');
    const list = await cat.listSeries();
    expect(list.map((s) => [s.id, s.rows, s.gapCount, s.coveragePct])).toEqual([
      ['BINANCE:BTCUSDT:1h', 5, 0, 100],
      ['BINANCE:BTCUSDT:1m', 90, 1, 75],
    ]);
    expect(list[1]!.bytes).toBeGreaterThan(0);
    expect(list[1]!.lastWriteAt).toBeTypeOf('number');
  });

  it('uses the calendar named in the manifest, falling back to 24x7 for unknown names', async () => {
    await cat.setCalendar(KEY, 'XNYS');
    expect((await cat.availability(KEY)).calendar).toBe('xnys');
    await expect(cat.setCalendar(KEY, 'moon')).rejects.toThrow(
      /^calendar "moon" is not known; use one of 24x7, /,
    );
    // A manifest naming a calendar that no longer exists (a deleted user calendar) falls back to 24x7.
    const file = path.join(dir, 'manifests/BINANCE~BTCUSDT~1m.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"calendar":"xnys"', '"calendar":"gone"'));
    const a = await cat.availability(KEY);
    expect(a.calendar).toBe('24x7');
    expect(a.gapCount).toBe(1);
  });
});
