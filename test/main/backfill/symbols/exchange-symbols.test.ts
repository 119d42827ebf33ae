import { describe, expect, it } from 'vitest';
import { startProviderServer } from '../../../helpers/provider-server/index';
import { cliAt } from '../cli-io';
import { DAY, serverAndCatalog, T0 } from '../helpers';
import { expectOfflineTable, expectTable } from './listing';

const NOW = T0 + 10 * DAY;

describe('barcat symbols for Coinbase, Kraken, Bybit and OKX', () => {
  /**
   * For each test of the block: the stand-in listing `symbols` and `delisted` (two a page) and a test
   * catalog; `barcat ARGS` runs against them, `barcatSymbols(ARGS)` is `barcat symbols ARGS`.
   */
  const listing = (symbols: string[], delisted: string[]) => {
    const f = serverAndCatalog(NOW, { symbols, delisted, symbolPageSize: 2 });
    const barcat = (args: string[]) =>
      cliAt(NOW, [...args, '--base-url', f.server.url, '--catalog', f.cat.dir]);
    return { f, barcat, barcatSymbols: (args: string[]) => barcat(['symbols', ...args]) };
  };

  describe('coinbase', () => {
    const { f, barcatSymbols } = listing(['BTC-USD', 'ETH-USD'], ['LUNA-USD']);
    it('lists /products, a delisted product marked; the second search is served from the cache', async () => {
      expectTable(await barcatSymbols(['coinbase', 'usd']), [
        'SYMBOL    NAME      CLASS   EXCHANGE  STATUS',
        'BTC-USD   BTC/USD   crypto  COINBASE  online',
        'ETH-USD   ETH/USD   crypto  COINBASE  online',
        'LUNA-USD  LUNA/USD  crypto  COINBASE  delisted',
      ]);
      const exact = await barcatSymbols(['coinbase', 'LUNA-USD', '--json']);
      expect(JSON.parse(exact.out)).toEqual([
        {
          symbol: 'LUNA-USD',
          name: 'LUNA/USD',
          assetClass: 'crypto',
          exchange: 'COINBASE',
          status: 'delisted',
          delisted: true,
        },
      ]);
      expect(f.server.requests.map((q) => q.path)).toEqual(['/products']);
    });
  });

  describe('kraken', () => {
    const { f, barcat, barcatSymbols } = listing(['XBTUSD', 'ETHUSD'], ['LUNAUSD']);
    it('lists AssetPairs by altname (what OHLC takes), a delisted pair marked', async () => {
      expectTable(await barcatSymbols(['kraken', 'usd']), [
        'SYMBOL   NAME      CLASS   EXCHANGE  STATUS',
        'ETHUSD   ETH/USD   crypto  KRAKEN    online',
        'XBTUSD   XBT/USD   crypto  KRAKEN    online',
        'LUNAUSD  LUNA/USD  crypto  KRAKEN    delisted',
      ]);
      expect(f.server.requests.map((q) => q.path)).toEqual(['/0/public/AssetPairs']);
    });

    it('add with --all-history is refused in words (no first-bar probe for Kraken); with a date it downloads', async () => {
      const add = ['add', 'kraken:XBTUSD', '--timeframe', '1h'];
      const all = await barcat([...add, '--all-history', '--create']);
      expect([all.code, all.err]).toEqual([
        2,
        'barcat: Kraken OHLC cannot tell its first bar; give a date instead (--extend-to)\n',
      ]);
      const dated = await barcat([...add, '--from', '2024-03-13', '--create', '--json']);
      expect(dated.code).toBe(0);
      expect(JSON.parse(dated.out)).toMatchObject({
        series: 'KRAKEN:XBTUSD:1h',
        progress: { barsWritten: 24 },
      });
      expect(f.server.requests.map((q) => q.path)).toEqual(['/0/public/AssetPairs', '/0/public/OHLC']);
    });
  });

  describe('bybit', () => {
    const { f, barcatSymbols } = listing(['BTCUSDT', 'ETHUSDT'], ['LUNAUSDT']);
    it('follows nextPageCursor through the spot instruments; a Closed symbol is marked delisted', async () => {
      expectTable(await barcatSymbols(['bybit', 'usdt']), [
        'SYMBOL    NAME       CLASS   EXCHANGE  STATUS',
        'BTCUSDT   BTC/USDT   crypto  BYBIT     trading',
        'ETHUSDT   ETH/USDT   crypto  BYBIT     trading',
        'LUNAUSDT  LUNA/USDT  crypto  BYBIT     closed (delisted)',
      ]);
      expect(f.server.requests.map((q) => [q.path, q.query.category, q.query.cursor ?? ''])).toEqual([
        ['/v5/market/instruments-info', 'spot', ''],
        ['/v5/market/instruments-info', 'spot', '2'],
      ]);
    });
  });

  describe('okx', () => {
    const { f, barcatSymbols } = listing(['BTC-USDT', 'ETH-USDT'], ['LUNA-USDT']);
    it('lists SPOT instruments, a suspended one marked', async () => {
      expectTable(await barcatSymbols(['okx', 'luna']), [
        'SYMBOL     NAME       CLASS   EXCHANGE  STATUS',
        'LUNA-USDT  LUNA/USDT  crypto  OKX       suspend (delisted)',
      ]);
      expect(f.server.requests.map((q) => [q.path, q.query.instType])).toEqual([
        ['/api/v5/public/instruments', 'SPOT'],
      ]);
    });

    it('offline: the cached list is used, with a warning, when OKX cannot be reached', async () => {
      await barcatSymbols(['okx', 'BTC']);
      await f.server.close();
      expectOfflineTable(await barcatSymbols(['okx', 'BTC', '--refresh']), 'okx', [
        'SYMBOL    NAME      CLASS   EXCHANGE  STATUS',
        'BTC-USDT  BTC/USDT  crypto  OKX       live',
      ]);
      f.server = await startProviderServer({ now: () => NOW });
    });
  });
});
