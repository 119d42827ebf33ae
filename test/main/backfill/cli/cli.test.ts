import { describe, expect, it } from 'vitest';
import { binanceBackfillArgs, cliAt } from '../cli-io';
import { DAY, serverAndCatalog, T0 } from '../helpers';

const NOW = T0 + 10 * DAY;

const cli = (args: string[], env: Record<string, string> = {}) => cliAt(NOW, args, env);

describe('barcat backfill and barcat jobs', () => {
  const f = serverAndCatalog(NOW);

  it('fills a range and prints the summary; jobs lists it', async () => {
    const r = await cli(
      binanceBackfillArgs(f, { series: 'BINANCE:BTCUSDT:1h', from: '2024-03-04', to: '2024-03-06' }),
    );
    expect(r.code).toBe(0);
    const id = /^job (bf-\S+) done/.exec(r.out)?.[1];
    expect(r.out).toBe(
      `job ${id} done: BINANCE:BTCUSDT:1h from binance-spot, 2024-03-04T00:00:00Z .. 2024-03-06T00:00:00Z\n  requests 1, retries 0, bars written 48\n  checked-empty ranges 0\n  parked failures 0\n`,
    );
    const list = await cli(['jobs', '--json', '--catalog', f.cat.dir]);
    expect(JSON.parse(list.out).map((j: { id: string; state: string }) => [j.id, j.state])).toEqual([
      [id, 'done'],
    ]);
  });

  it('exits 3 on a provider refusal, and "jobs retry" finishes the parked requests', async () => {
    f.server.inject({ kind: '451' });
    const r = await cli(
      binanceBackfillArgs(
        f,
        { series: 'BINANCE:BTCUSDT:1h', from: '2024-03-04', to: '2024-03-06' },
        '--json',
      ),
    );
    expect(r.code).toBe(3);
    const job = JSON.parse(r.out);
    expect(job.state).toBe('failed');
    expect(job.parked[0].error).toBe(
      'Binance spot refuses requests from this region (HTTP 451); set another base URL (--base-url)',
    );
    const retry = await cli(['jobs', 'retry', job.id, '--catalog', f.cat.dir, '--json']);
    expect(retry.code).toBe(0);
    expect(JSON.parse(retry.out)).toMatchObject({
      id: job.id,
      state: 'done',
      parked: [],
      progress: { barsWritten: 48 },
    });
  });

  it('usage errors exit 2 with one clear line', async () => {
    const r = await cli(['backfill', 'BINANCE:BTCUSDT:1h', '--provider', 'bitstamp', '--catalog', f.cat.dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /--provider must be one of binance-spot, binance-futures, binance-archive, alpaca, polygon, coinbase, bybit, okx, kraken, yahoo, tiingo, ibkr;/,
    );
  });

  it("without --provider: the venue's provider for a Binance series; a BITSTAMP series is refused, never sent to Binance", async () => {
    // No --provider: what the series' venue gives.
    const backfill = (...args: string[]) =>
      cli(['backfill', ...args, '--base-url', f.server.url, '--catalog', f.cat.dir]);
    const ok = await backfill('BINANCE:BTCUSDT:1h', '--from', '2024-03-04', '--to', '2024-03-05');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('BINANCE:BTCUSDT:1h from binance-spot');
    const refused = await backfill('BITSTAMP:BTC-USD:1h', '--from', '2024-03-04');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(
      'BITSTAMP:BTC-USD:1h has no provider set, and no provider Barcat knows serves BITSTAMP 1h bars',
    );
    expect(f.server.requests).toHaveLength(1);
  });
});
