import { describe, expect, it } from 'vitest';
import { batchFromBars, tableToBars } from '../../../src-main/engines/catalog/index';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { expectedBars } from '../../helpers/provider-server/index';
import { catalogRows, DAY, MIN, ohlcv, providerFixture, T0 } from '../backfill/helpers';
import { cli } from '../catalog/cli-io';
import { seriesState } from '../history/snapshot';

const ID = 'BINANCE:BTCUSDT:1m';
const KEY = parseSeriesId(ID);
const NOW = T0 + 2 * DAY;
const BAD_TS = T0 + 700 * MIN;

describe('quality re-fetch: compare with the provider, accept, undo', () => {
  const f = providerFixture('binance-spot', NOW, {});

  it('shows exactly the differing bar side by side, accepting writes the provider bars, undo takes them back', async () => {
    expect((await f.run(ID, T0, T0 + DAY)).state).toBe('done');
    const truth = expectedBars(f.server.spec, 'BTCUSDT', MIN, T0, T0 + DAY, NOW);
    const good = truth.find((b) => b.ts === BAD_TS)!;
    // A bad print: a low of zero (the stand-in's prices jump bar to bar, so an impossible value, not a spike).
    const bad = { ...ohlcv([good])[0]!, low: 0 };
    await f.cat.catalog.write(KEY, batchFromBars([bad]), 'merge', { source: 'cli:write' });
    const planted = seriesState(f.cat.dir);
    const q = JSON.parse((await cli(['quality', ID, '--json', '--catalog', f.cat.dir])).stdout);
    const found = q.series[0].findings.find((x: { check: string }) => x.check === 'impossible');
    expect(found).toMatchObject({ from: BAD_TS, field: 'non_positive_price' });

    const args = ['quality', ID, 'refetch', found.id, '--base-url', f.server.url, '--catalog', f.cat.dir];
    const shown = await cli([...args, '--json']);
    expect(shown.code).toBe(0);
    const c = JSON.parse(shown.stdout);
    expect(c).toMatchObject({
      provider: 'binance-spot',
      range: { from: BAD_TS - 5 * MIN, to: BAD_TS + 6 * MIN },
      catalogBars: 11,
      providerBars: 11,
      differing: 1,
    });
    expect(c.rows.filter((r: { differs: boolean }) => r.differs)).toEqual([
      {
        ts: BAD_TS,
        catalog: { open: bad.open, high: bad.high, low: bad.low, close: bad.close, volume: bad.volume },
        provider: { open: good.open, high: good.high, low: good.low, close: good.close, volume: good.volume },
        differs: true,
      },
    ]);
    // Only shown: nothing was written.
    expect(seriesState(f.cat.dir)).toEqual(planted);

    const accepted = await cli([...args, '--accept']);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout.split('\n').at(-2)).toBe(
      `wrote binance-spot's bars: 0 added, 11 replaced, 0 removed; "barcat undo ${ID}" takes it back`,
    );
    expect(accepted.stdout.split('\n')[0]).toBe(
      `${ID} 2024-03-04T11:35:00Z .. 2024-03-04T11:46:00Z: 11 bars in the catalog, 11 from binance-spot, 1 differ`,
    );
    expect(await catalogRows(f.cat.catalog, KEY)).toEqual(ohlcv(truth));
    const after = JSON.parse((await cli(['quality', ID, '--json', '--catalog', f.cat.dir])).stdout);
    expect(after.series[0].findings.map((x: { id: string }) => x.id)).not.toContain(found.id);

    expect((await cli(['undo', ID, '--catalog', f.cat.dir])).code).toBe(0);
    expect(seriesState(f.cat.dir)).toEqual(planted);
    expect(tableToBars(await f.cat.catalog.query(KEY, { from: BAD_TS, to: BAD_TS + MIN }))[0]!.low).toBe(0);
  });
});
