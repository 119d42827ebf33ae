import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProviderKey } from '../../../src-main/app/core/engines';
import { backfillJobView } from '../../../src-main/engines/backfill/jobs/job-view';
import { providerFor, providersThatCouldServe } from '../../../src-main/engines/backfill/series-provider';
import type { CommandOutput } from '../../../src-shared/contract';
import type { Job } from '../../../src-shared/domain/job';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { tempCoreOf } from '../temp-core';

const REAL = path.resolve(import.meta.dirname, '../../../../shared/testdata/real');
const { dir, core } = tempCoreOf('barcat-engines-', { dataDir: null, perFile: true });

describe('import through the contract', () => {
  it('previews a real Binance file with its series, and a missing file as a plain error', async () => {
    const r = await core().dispatch('previewImport', {
      files: [
        { path: path.join(REAL, 'binance-kline/BTCUSDT-1h-2024-11.csv') },
        { path: path.join(dir(), 'nope.csv') },
      ],
    });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const files = (r as { value: CommandOutput<'previewImport'> }).value.files;
    expect(files[0]).toMatchObject({
      name: 'BTCUSDT-1h-2024-11.csv',
      ok: true,
      error: null,
      seriesId: 'BINANCE:BTCUSDT:1h',
      existingBars: 0,
    });
    expect(files[0]!.preview!.rows[0]).toEqual({
      ts: Date.UTC(2024, 10, 1),
      open: 70292.01,
      high: 70470,
      low: 70146.8,
      close: 70173.73,
      volume: 840.4529,
    });
    expect(files[1]!.ok).toBe(false);
    expect(files[1]!.preview).toBeNull();
    expect(files[1]!.error).toContain('nope.csv');
  });
});

describe('backfill mapping', () => {
  it('picks the Binance provider for Binance series and none where no provider fits the venue', () => {
    expect(providerFor('BINANCE')).toBe('binance-spot');
    expect(providerFor('BINANCEF')).toBe('binance-futures');
    // Not Binance spot "whatever the venue": these got "Invalid symbol" there.
    expect(providerFor('NASDAQ')).toBeNull();
    expect(providerFor('BITSTAMP')).toBeNull();
    expect(providerFor('FX')).toBeNull();
    expect(providersThatCouldServe(parseSeriesId('NASDAQ:AAPL:1m'))).toEqual([
      'alpaca',
      'polygon',
      'tiingo',
      'yahoo',
      'ibkr',
    ]);
    // Neither Yahoo nor Tiingo has 1h bars on the catalog's grid.
    expect(providersThatCouldServe(parseSeriesId('NASDAQ:AAPL:1h'))).toEqual(['alpaca', 'polygon', 'ibkr']);
    expect(providersThatCouldServe(parseSeriesId('BITSTAMP:BTC-USD:1m'))).toEqual([]);
    expect(providersThatCouldServe(parseSeriesId('COINBASE:BTC-USD:1h'))).toEqual(['coinbase']);
    expect(providersThatCouldServe(parseSeriesId('COINBASE:BTC-USD:4h'))).toEqual([]);
  });

  it('reads Alpaca keys as KEY_ID:SECRET', () => {
    expect(parseProviderKey('AK1:s3cr:et')).toEqual({ id: 'AK1', secret: 's3cr:et' });
    expect(parseProviderKey('polygon-key')).toEqual({ secret: 'polygon-key' });
    expect(parseProviderKey(undefined)).toBeUndefined();
  });

  it('shows an engine job with its progress and parked ranges', () => {
    const job: Job = {
      id: 'bf-1',
      kind: 'backfill',
      state: 'done',
      series: 'BINANCE:BTCUSDT:1h',
      provider: 'binance-spot',
      range: { from: 0, to: 10 },
      createdAt: 5,
      startedAt: 6,
      endedAt: 9,
      progress: { requestsDone: 3, requestsTotal: 4, barsWritten: 1500, rate: 2, etaMs: null },
      parked: [
        {
          range: { from: 0, to: 3_600_000 },
          error: 'HTTP 500 after 5 attempts',
          status: 500,
          attempts: 5,
          at: 8,
        },
      ],
      attempts: [],
      summary: null,
    };
    expect(backfillJobView(job)).toEqual({
      id: 'bf-1',
      kind: 'backfill',
      title: 'Backfill BINANCE:BTCUSDT:1h from binance-spot',
      state: 'done',
      createdAt: 5,
      finishedAt: 9,
      done: 3,
      total: 4,
      unit: 'requests',
      ratePerSec: 2,
      etaMs: null,
      message: '1,500 bars written',
      problems: ['1970-01-01T00:00:00.000Z → 1970-01-01T01:00:00.000Z: HTTP 500 after 5 attempts'],
      parked: 1,
      seriesIds: ['BINANCE:BTCUSDT:1h'],
      // No attempt logged: the start is its last heartbeat.
      heartbeatAt: 6,
    });
  });
});
