import { describe, expect, it } from 'vitest';
import { batchFromBars, readOps, tableToBars } from '../../../src-main/engines/catalog/index';
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

describe('quality re-fetch: bars only the catalog has in the range go when the answer is accepted', () => {
  // The provider has no bars in the first two and the last two minutes of the compared range.
  const holes = [
    { from: BAD_TS - 5 * MIN, to: BAD_TS - 3 * MIN },
    { from: BAD_TS + 4 * MIN, to: BAD_TS + 6 * MIN },
  ];
  const f = providerFixture('binance-spot', NOW, { holes });

  it('removes the catalog-only edge bars in the same write, counts and logs them, and undo brings them back', async () => {
    expect((await f.run(ID, T0, T0 + DAY)).state).toBe('done');
    const truth = expectedBars(f.server.spec, 'BTCUSDT', MIN, T0, T0 + DAY, NOW);
    const good = truth.find((b) => b.ts === BAD_TS)!;
    const bad = { ...ohlcv([good])[0]!, low: 0 };
    // Bars another source wrote where the provider has none: the good bar's values at the hole times.
    const edgeTimes = [BAD_TS - 5 * MIN, BAD_TS - 4 * MIN, BAD_TS + 4 * MIN, BAD_TS + 5 * MIN];
    const edges = edgeTimes.map((ts) => ({ ...ohlcv([good])[0]!, ts }));
    await f.cat.catalog.write(KEY, batchFromBars([...edges, bad].sort((a, b) => a.ts - b.ts)), 'merge', {
      source: 'cli:write',
    });
    const planted = seriesState(f.cat.dir);
    const q = JSON.parse((await cli(['quality', ID, '--json', '--catalog', f.cat.dir])).stdout);
    const found = q.series[0].findings.find((x: { check: string }) => x.check === 'impossible');
    expect(found).toMatchObject({ from: BAD_TS, field: 'non_positive_price' });

    const args = ['quality', ID, 'refetch', found.id, '--base-url', f.server.url, '--catalog', f.cat.dir];
    const accepted = await cli([...args, '--accept', '--json']);
    expect(accepted.code).toBe(0);
    const c = JSON.parse(accepted.stdout);
    expect(c).toMatchObject({
      range: { from: BAD_TS - 5 * MIN, to: BAD_TS + 6 * MIN },
      catalogBars: 11,
      providerBars: 7,
      differing: 5,
      write: { added: 0, replaced: 7, removed: 4 },
    });
    expect(
      c.rows.filter((r: { provider: unknown }) => r.provider === null).map((r: { ts: number }) => r.ts),
    ).toEqual(edgeTimes);
    // The catalog now holds exactly the provider's bars: the edge bars are gone, none elsewhere.
    expect(await catalogRows(f.cat.catalog, KEY)).toEqual(ohlcv(truth));
    const op = (await readOps(f.cat.dir)).at(-1)!;
    expect(op).toMatchObject({
      op: 'quality-refetch',
      series: ID,
      findingId: found.id,
      added: 0,
      replaced: 7,
      removed: 4,
      removedTimes: edgeTimes,
    });

    expect((await cli(['undo', ID, '--catalog', f.cat.dir])).code).toBe(0);
    expect(seriesState(f.cat.dir)).toEqual(planted);
    const back = tableToBars(
      await f.cat.catalog.query(KEY, { from: BAD_TS - 5 * MIN, to: BAD_TS + 6 * MIN }),
    );
    expect(back.map((b) => b.ts)).toEqual(
      [
        ...edgeTimes,
        ...truth.filter((b) => b.ts >= BAD_TS - 3 * MIN && b.ts < BAD_TS + 4 * MIN).map((b) => b.ts),
      ].sort((a, b) => a - b),
    );
  });
});
