import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSymbols } from '../../../../src-main/engines/backfill/symbols/cache';
import { searchSymbols } from '../../../../src-main/engines/backfill/symbols/search';
import { startProviderServer, TEST_KEYS } from '../../../helpers/provider-server/index';
import { cliAt } from '../cli-io';
import { DAY, serverAndCatalog, T0, testKeys } from '../helpers';
import { expectOfflineTable, expectTable } from './listing';

const NOW = T0 + 10 * DAY;
const KEYS = {
  BARCAT_ALPACA_KEY_ID: TEST_KEYS.alpacaKeyId,
  BARCAT_ALPACA_SECRET: TEST_KEYS.alpacaSecret,
  BARCAT_POLYGON_KEY: TEST_KEYS.polygonKey,
};

describe('barcat symbols', () => {
  const f = serverAndCatalog(NOW, {
    symbols: ['BTCUSDT', 'ETHUSDT', 'AAPL', 'MSFT'],
    delisted: ['LUNAUSDT', 'TWTR'],
    symbolPageSize: 1,
  });

  const symbols = (args: string[], now = NOW) =>
    cliAt(now, ['symbols', ...args, '--base-url', f.server.url, '--catalog', f.cat.dir], KEYS);

  it('Binance spot: searches by symbol and name, marks delisted pairs, and caches the list for a day', async () => {
    expectTable(await symbols(['binance-spot', 'usdt']), [
      'SYMBOL    NAME       CLASS   EXCHANGE  STATUS',
      'BTCUSDT   BTC/USDT   crypto  BINANCE   trading',
      'ETHUSDT   ETH/USDT   crypto  BINANCE   trading',
      'LUNAUSDT  LUNA/USDT  crypto  BINANCE   halt (delisted)',
    ]);
    const exact = await symbols(['binance-spot', 'ETHUSDT', '--json']);
    expect(JSON.parse(exact.out)).toEqual([
      {
        symbol: 'ETHUSDT',
        name: 'ETH/USDT',
        assetClass: 'crypto',
        exchange: 'BINANCE',
        status: 'trading',
        delisted: false,
      },
    ]);
    // The second search came from the cache: one exchangeInfo request in all.
    expect(f.server.requests.map((q) => q.path)).toEqual(['/api/v3/exchangeInfo']);
    const cached = JSON.parse(
      await readFile(path.join(f.cat.dir, 'cache/symbols/binance-spot.json'), 'utf8'),
    );
    expect([cached.fetchedAt, cached.baseUrl, cached.symbols.length]).toEqual([NOW, f.server.url, 3]);
    // A day later it is fetched again; --refresh fetches at once.
    await symbols(['binance-spot', 'BTC'], NOW + DAY);
    await symbols(['binance-spot', 'BTC', '--refresh'], NOW + DAY);
    expect(f.server.requests.map((q) => q.path)).toEqual([
      '/api/v3/exchangeInfo',
      '/api/v3/exchangeInfo',
      '/api/v3/exchangeInfo',
    ]);
  });

  it('offline: the cached list is shown with a warning when the provider cannot be reached', async () => {
    await symbols(['binance-futures', 'BTC']);
    await f.server.close();
    expectOfflineTable(await symbols(['binance-futures', 'BTC', '--refresh']), 'binance-futures', [
      'SYMBOL   NAME                CLASS           EXCHANGE         STATUS',
      'BTCUSDT  BTC/USDT perpetual  crypto_futures  BINANCE-FUTURES  trading',
    ]);
    f.server = await startProviderServer({ now: () => NOW });
  });

  it('Alpaca assets: stocks with exchange and status, inactive ones marked delisted', async () => {
    const r = await symbols(['alpaca', 'inc', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      {
        symbol: 'AAPL',
        name: 'Apple Inc. Common Stock',
        assetClass: 'us_equity',
        exchange: 'NASDAQ',
        status: 'active',
        delisted: false,
      },
      {
        symbol: 'TWTR',
        name: 'Twitter, Inc. Common Stock',
        assetClass: 'us_equity',
        exchange: 'NYSE',
        status: 'inactive',
        delisted: true,
      },
    ]);
    expect(f.server.requests.map((q) => [q.path, q.hadKey])).toEqual([['/v2/assets', true]]);
  });

  it('Polygon tickers: follows next_url through every page, active and delisted', async () => {
    expectTable(await symbols(['polygon', 'o', '--rate', '50']), [
      'SYMBOL  NAME                                CLASS   EXCHANGE  STATUS',
      'AAPL    Apple Inc. Common Stock             stocks  XNAS      active',
      'MSFT    Microsoft Corporation Common Stock  stocks  XNAS      active',
      'TWTR    Twitter, Inc. Common Stock          stocks  XNYS      delisted',
    ]);
    // One ticker per page: two pages of active tickers, one of delisted.
    expect(f.server.requests.map((q) => `${q.path}?${new URLSearchParams(q.query)}`)).toEqual([
      '/v3/reference/tickers?active=true&limit=1000',
      '/v3/reference/tickers?cursor=1&active=true',
      '/v3/reference/tickers?active=false&limit=1000',
    ]);
  });

  it('an answer over the size cap is refused as it streams in, not retried, and nothing is cached', async () => {
    f.server.inject({ kind: 'endless', pathPrefix: '/api/v3/exchangeInfo' });
    const load = loadSymbols({
      catalogDir: f.cat.dir,
      provider: 'binance-spot',
      baseUrl: f.server.url,
      refresh: false,
      now: NOW,
      getKey: testKeys,
      call: { maxResponseBytes: 100_000 },
    });
    await expect(load).rejects.toThrow(
      'Binance spot /api/v3/exchangeInfo: the answer is larger than the 100,000 bytes limit (more than 100,000 bytes sent); refused without retry. If this size is expected, raise the limit (maxResponseBytes)',
    );
    expect(f.server.requests.length).toBe(1);
    expect(f.server.requests[0]!.bytesSent).toBeLessThan(10_000_000);
    await expect(readFile(path.join(f.cat.dir, 'cache/symbols/binance-spot.json'))).rejects.toThrow('ENOENT');
  });

  it('refuses a provider without a symbol list in words', async () => {
    // Yahoo publishes no symbol list (its search endpoint is another unofficial API).
    const r = await symbols(['yahoo', 'BTC']);
    expect([r.code, r.err]).toEqual([
      2,
      'barcat: unknown provider "yahoo": one of binance-spot, binance-futures, alpaca, polygon, coinbase, kraken, bybit, okx, ibkr; usage: barcat symbols [--provider] PROVIDER QUERY [--refresh] [--base-url URL | --ib-host H --ib-port P --ib-client-id N] [--rate N] [--json]\n',
    ]);
  });

  it('ranks the exact symbol first, then symbols starting with the query, listed before delisted', () => {
    const row = (symbol: string, name: string, delisted = false) => ({
      symbol,
      name,
      assetClass: 'crypto',
      exchange: 'BINANCE',
      status: delisted ? 'halt' : 'trading',
      delisted,
    });
    const rows = [
      row('WBTCUSDT', 'WBTC/USDT'),
      row('BTCUSDT', 'BTC/USDT', true),
      row('ETHBTC', 'ETH/BTC'),
      row('BTC', 'Bitcoin'),
      row('BTCEUR', 'BTC/EUR'),
      row('DOGEUSDT', 'DOGE/USDT'),
    ];
    expect(searchSymbols(rows, 'btc').map((r) => r.symbol)).toEqual([
      'BTC',
      'BTCEUR',
      'BTCUSDT',
      'ETHBTC',
      'WBTCUSDT',
    ]);
  });
});
