import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../../src-main/app/create-core';
import { CHECK_THREADS } from '../../../src-main/engines/quality/check-pool';
import { checkedInWorkers, refreshQuality } from '../../../src-main/engines/quality/index';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { grid, walk } from './synthetic';

const KEY: SeriesKey = { venue: 'BINANCE', symbol: 'XRPUSDT', timeframe: '1m' };

describe("the app's warm-up of the quality workers", () => {
  let dir: string;
  let core: Core | undefined;
  const start = async (afterMs: number) => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'barcat-quality-warm-'));
    core = await createCore({
      catalogDir: path.join(dir, 'catalog'),
      dataDir: null,
      qualityWarmUp: { afterMs },
    });
    return core;
  };
  afterEach(async () => {
    await core?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('warms every worker once the app is idle, and the first refresh runs on them', async () => {
    const app = await start(0);
    const warmed = await app.qualityWarmUp!.done;
    expect(new Set(warmed).size).toBe(CHECK_THREADS);
    await app.catalog().write(KEY, walk(grid(Date.UTC(2024, 0, 1), 90 * 1440), 3), 'merge');
    // The app's first refresh (in workers, each month a piece): every piece on a warmed worker.
    await refreshQuality(app.catalog(), KEY, undefined, { piecePartitions: 1, workerMinRows: 0 });
    expect(checkedInWorkers.lastWarmedUp).toEqual([true, true, true]);
    expect(warmed).toEqual(expect.arrayContaining(checkedInWorkers.lastThreads));
  });

  it('warms nothing when the app closes first, and only the app asks for it', async () => {
    const app = await start(60_000);
    await app.close();
    expect(await app.qualityWarmUp!.done).toEqual([]);
    core = await createCore({ catalogDir: path.join(dir, 'other'), dataDir: null });
    expect(core.qualityWarmUp).toBeNull();
  });
});
