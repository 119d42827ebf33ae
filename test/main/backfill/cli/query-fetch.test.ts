import { writeFile } from 'node:fs/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { batchFromBars } from '../../../../src-main/engines/catalog/index';
import { sharedSettingsPath } from '../../../../src-main/engines/schedule/settings-file';
import type { BarValues } from '../../../../src-shared/domain/bar';
import { parseSeriesId } from '../../../../src-shared/domain/series';
import { expectedBars } from '../../../helpers/provider-server/index';
import { cliAt } from '../cli-io';
import { DAY, HOUR, serverAndCatalog, T0 } from '../helpers';

const BTC = parseSeriesId('BINANCE:BTCUSDT:1h');
const NOW = T0 + 3 * DAY;
const iso = (t: number) => new Date(t).toISOString();
/** A bar as `--format json` prints it: the ISO time, every value present. */
type JsonBar = Omit<BarValues, 'ts'> & { ts: string };
/** Exact OHLCV and trades; Binance's vwap is quote volume / volume, so it is compared to the cent. */
const exact = (bars: JsonBar[]) =>
  bars.map(({ vwap, ...rest }) => ({ ...rest, vwap: Math.round(vwap * 100) / 100 }));

describe('barcat query --fetch (fetch-or-load)', () => {
  const f = serverAndCatalog(NOW, { symbols: ['BTCUSDT'] });
  beforeEach(async () => {
    // Stored: the first 6 hours and the second half of the day; 06:00-12:00 is missing.
    const bars = expectedBars(f.server.spec, 'BTCUSDT', HOUR, T0, T0 + DAY, NOW);
    await f.cat.catalog.write(
      BTC,
      batchFromBars(bars.filter((b) => b.ts < T0 + 6 * HOUR || b.ts >= T0 + 12 * HOUR)),
      'skip',
    );
  });

  const query = (extra: string[]) =>
    cliAt(NOW, [
      'query',
      'BINANCE:BTCUSDT:1h',
      '--from',
      iso(T0),
      '--to',
      iso(T0 + DAY),
      '--format',
      'json',
      '--catalog',
      f.cat.dir,
      ...extra,
    ]);

  it('fills the missing range from the provider, then answers every bar; a second call sends nothing', async () => {
    const r = await query(['--fetch', '--base-url', f.server.url]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^barcat: fetched 6 missing bars from binance-spot \(job bf-\S+, 1 requests\)\n$/);
    const want = expectedBars(f.server.spec, 'BTCUSDT', HOUR, T0, T0 + DAY, NOW).map((b) => ({
      ...b,
      ts: iso(b.ts),
    }));
    expect(want).toHaveLength(24);
    expect(exact(JSON.parse(r.out))).toEqual(want);
    const klines = f.server.requests.filter((q) => q.path === '/api/v3/klines');
    expect(klines.map((q) => [q.query.startTime, q.query.limit])).toEqual([[String(T0 + 6 * HOUR), '6']]);

    const again = await query(['--fetch', '--base-url', f.server.url]);
    expect([again.code, again.err]).toEqual([0, '']);
    expect(exact(JSON.parse(again.out))).toEqual(want);
    expect(f.server.requests.filter((q) => q.path === '/api/v3/klines')).toHaveLength(1);
  });

  it('takes the base URL from the catalog settings file when --base-url is not given', async () => {
    await writeFile(
      sharedSettingsPath(f.cat.dir),
      JSON.stringify({ version: 1, providers: { 'binance-spot': { baseUrl: `${f.server.url}/` } } }),
    );
    const r = await query(['--fetch']);
    expect([r.code, r.err.replace(/bf-[^,]+/, 'bf-X')]).toEqual([
      0,
      'barcat: fetched 6 missing bars from binance-spot (job bf-X, 1 requests)\n',
    ]);
    expect(JSON.parse(r.out)).toHaveLength(24);
    expect(f.server.requests.filter((q) => q.path === '/api/v3/klines')).toHaveLength(1);
  });

  it('without --fetch the stored bars alone are answered; --fetch needs a range', async () => {
    const r = await query([]);
    expect(JSON.parse(r.out)).toHaveLength(18);
    expect(f.server.requests).toEqual([]);
    const noRange = await cliAt(NOW, ['query', 'BINANCE:BTCUSDT:1h', '--fetch', '--catalog', f.cat.dir]);
    expect(noRange.code).toBe(2);
    expect(noRange.err).toMatch(/^barcat: --fetch needs --from and --to; usage: barcat query /);
  });
});
