import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { catalogRows, DAY, HOUR, providerFixture, T0 } from '../backfill/helpers';
import { filesUnder, seriesState } from './snapshot';

const KEY = parseSeriesId('BINANCE:BTCUSDT:1m');
const NOW = T0 + 3 * DAY;
const HOLE = { from: T0 + DAY + 6 * HOUR, to: T0 + DAY + 7 * HOUR };

describe('undo after a backfill', () => {
  const f = providerFixture('binance-spot', NOW, { holes: [HOLE] });

  it('restores the series byte for byte, checked-empty ranges included, and takes back every flush of the job', async () => {
    const first = await f.run('BINANCE:BTCUSDT:1m', T0, T0 + DAY);
    expect(first.state).toBe('done');
    const before = seriesState(f.cat.dir);
    const rowsBefore = await catalogRows(f.cat.catalog, KEY);
    expect(rowsBefore.length).toBe(1440);
    const second = await f.run('BINANCE:BTCUSDT:1m', T0 + DAY, T0 + 2 * DAY);
    expect(second.state).toBe('done');
    const after = seriesState(f.cat.dir);
    expect(after.checkedEmpty.map((c: { from: number; to: number }) => [c.from, c.to])).toEqual([
      [HOLE.from, HOLE.to],
    ]);
    const history = await f.cat.catalog.history!(KEY);
    expect(history[0]).toMatchObject({
      kind: 'backfill',
      jobId: second.id,
      counts: { added: 1380, replaced: 0, removed: 0 },
    });
    const r = await f.cat.catalog.undo!(KEY);
    expect(r).toMatchObject({
      source: `backfill:${second.id}`,
      barsBefore: 2820,
      barsAfter: 1440,
      barsRestored: 1440,
      barsRemoved: 2820,
      filesRestored: 1,
      filesRemoved: 1,
    });
    expect(seriesState(f.cat.dir)).toEqual(before);
    expect(await catalogRows(f.cat.catalog, KEY)).toEqual(rowsBefore);
    expect(filesUnder(path.join(f.cat.dir, 'history'))).toEqual(['BINANCE~BTCUSDT~1m/1/entry.json']);
  });
});
