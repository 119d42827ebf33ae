import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/cli/main';
import { type ProviderServer, startProviderServer } from '../../helpers/provider-server/index';
import { DAY, T0, tempCatalog } from './helpers';

const NOW = T0 + 10 * DAY;

async function cli(args: string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => {
    out += d;
  });
  stderr.on('data', (d) => {
    err += d;
  });
  const code = await runCli(args, {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: { BARCAT_NOW: String(NOW), BARCAT_RETRY_BASE_MS: '5', BARCAT_BACKFILL_IN_PROCESS: '1', ...env },
    cwd: process.cwd(),
  });
  return { code, out, err };
}

describe('barcat backfill and barcat jobs', () => {
  let server: ProviderServer;
  let cat: Awaited<ReturnType<typeof tempCatalog>>;
  beforeEach(async () => {
    server = await startProviderServer({ now: () => NOW });
    cat = await tempCatalog();
  });
  afterEach(async () => {
    await server.close();
    await cat.cleanup();
  });

  it('fills a range and prints the summary; jobs lists it', async () => {
    const r = await cli([
      'backfill',
      'BINANCE:BTCUSDT:1h',
      '--provider',
      'binance-spot',
      '--from',
      '2024-03-04',
      '--to',
      '2024-03-06',
      '--base-url',
      server.url,
      '--catalog',
      cat.dir,
    ]);
    expect(r.code).toBe(0);
    const id = /^job (bf-\S+) done/.exec(r.out)?.[1];
    expect(r.out).toBe(
      `job ${id} done: BINANCE:BTCUSDT:1h from binance-spot, 2024-03-04T00:00:00Z .. 2024-03-06T00:00:00Z\n  requests 1, retries 0, bars written 48\n  checked-empty ranges 0\n  parked failures 0\n`,
    );
    const list = await cli(['jobs', '--json', '--catalog', cat.dir]);
    expect(JSON.parse(list.out).map((j: { id: string; state: string }) => [j.id, j.state])).toEqual([
      [id, 'done'],
    ]);
  });

  it('exits 3 on a provider refusal, and "jobs retry" finishes the parked requests', async () => {
    server.inject({ kind: '451' });
    const r = await cli([
      'backfill',
      'BINANCE:BTCUSDT:1h',
      '--provider',
      'binance-spot',
      '--from',
      '2024-03-04',
      '--to',
      '2024-03-06',
      '--base-url',
      server.url,
      '--catalog',
      cat.dir,
      '--json',
    ]);
    expect(r.code).toBe(3);
    const job = JSON.parse(r.out);
    expect(job.state).toBe('failed');
    expect(job.parked[0].error).toBe(
      'Binance spot refuses requests from this region (HTTP 451); set another base URL (--base-url)',
    );
    const retry = await cli(['jobs', 'retry', job.id, '--catalog', cat.dir, '--json']);
    expect(retry.code).toBe(0);
    expect(JSON.parse(retry.out)).toMatchObject({
      id: job.id,
      state: 'done',
      parked: [],
      progress: { barsWritten: 48 },
    });
  });

  it('usage errors exit 2 with one clear line', async () => {
    const r = await cli(['backfill', 'BINANCE:BTCUSDT:1h', '--provider', 'bitstamp', '--catalog', cat.dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /--provider must be one of binance-spot, binance-futures, binance-archive, alpaca, polygon, coinbase, bybit, okx, kraken;/,
    );
  });

  it("without --provider: the venue's provider for a Binance series; a BITSTAMP series is refused, never sent to Binance", async () => {
    const ok = await cli([
      'backfill',
      'BINANCE:BTCUSDT:1h',
      '--from',
      '2024-03-04',
      '--to',
      '2024-03-05',
      '--base-url',
      server.url,
      '--catalog',
      cat.dir,
    ]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('BINANCE:BTCUSDT:1h from binance-spot');
    const refused = await cli([
      'backfill',
      'BITSTAMP:BTC-USD:1h',
      '--from',
      '2024-03-04',
      '--base-url',
      server.url,
      '--catalog',
      cat.dir,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(
      'BITSTAMP:BTC-USD:1h has no provider set, and no provider Barcat knows serves BITSTAMP 1h bars',
    );
    expect(server.requests).toHaveLength(1);
  });
});
