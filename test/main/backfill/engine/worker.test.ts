import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JobStore } from '../../../../src-main/engines/backfill/jobs/job-store';
import type { JobEvent } from '../../../../src-shared/domain/job';
import { parseSeriesId } from '../../../../src-shared/domain/series';
import { expectedBars } from '../../../helpers/provider-server/index';
import { backfilled, catalogRows, DAY, MIN, ohlcv, serverAndCatalog, service, T0 } from '../helpers';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const NOW = T0 + 10 * DAY;

describe('jobs in a worker thread, and a cancel from another process', () => {
  const f = serverAndCatalog(NOW);

  it('runs the job in a worker; this thread receives its progress and state events', async () => {
    const svc = service(f.cat.catalog, f.cat.dir, NOW, { worker: true });
    const events: JobEvent['type'][] = [];
    const off = svc.onEvent((e) => events.push(e.type));
    const job = await backfilled(svc, {
      series: 'BINANCE:BTCUSDT:1m',
      from: T0,
      to: T0 + 2 * DAY,
      provider: 'binance-spot',
      baseUrl: f.server.url,
    });
    off();
    expect(job.state).toBe('done');
    expect(events[0]).toBe('created');
    // One per request, one after the final write.
    expect(events.filter((t) => t === 'progress')).toHaveLength(4);
    expect(events.at(-1)).toBe('state');
    expect(await catalogRows(f.cat.catalog, parseSeriesId('BINANCE:BTCUSDT:1m'))).toEqual(
      ohlcv(expectedBars(f.server.spec, 'BTCUSDT', MIN, T0, T0 + 2 * DAY, NOW)),
    );
  });

  it('"jobs cancel" from another process stops a running backfill, which exits 2', async () => {
    f.server.inject({ kind: 'slow', delayMs: 300, times: 1000, pathPrefix: '/api/v3/klines' });
    const child = spawn(
      process.execPath,
      [
        path.join(repo, 'out/node/barcat.js'),
        'backfill',
        'BINANCE:ETHUSDT:1m',
        '--provider',
        'binance-spot',
        '--from',
        new Date(T0).toISOString(),
        '--to',
        new Date(T0 + 5 * DAY).toISOString(),
        '--base-url',
        f.server.url,
        '--catalog',
        f.cat.dir,
      ],
      { env: { ...process.env, BARCAT_NOW: String(NOW) }, stdio: 'ignore' },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const store = new JobStore(f.cat.dir);
    let id: string | undefined;
    while (!id) {
      id = (await store.list()).find((s) => s.job.state === 'running')?.job.id;
      await new Promise((r) => setTimeout(r, 20));
    }
    const svc = service(f.cat.catalog, f.cat.dir, NOW);
    expect(await svc.cancel(id)).toBe(true);
    expect(await exited).toBe(2);
    expect((await store.load(id))?.job.state).toBe('cancelled');
    const seen = f.server.requests.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(f.server.requests.length).toBe(seen);
  });
});
