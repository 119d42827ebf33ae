import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobsDir, writeJobFile } from '../../../src-main/engines/catalog/index';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { jobView } from '../../helpers/job-view';
import { T0 } from '../catalog/helpers';
import { catalogWithTwoImports, seriesState, workFolder } from './snapshot';

const KEY: SeriesKey = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' };
const ID = 'BINANCE:BTCUSDT:1m';

// A running job goes on writing the series: an undo or a drop under it would be overwritten or mixed in.
describe('undo and drop wait for a running job on the series', () => {
  const work = workFolder('barcat-busy-');

  it('both are refused with series_busy, nothing changed; once the job ended they run', async () => {
    const dir = path.join(work(), 'c');
    const c = await catalogWithTwoImports(dir, KEY, 60, 30, 60);
    const before = seriesState(dir);
    const view = jobView({
      id: 'backfill-1',
      kind: 'backfill',
      title: `Backfill ${ID}`,
      state: 'running',
      finishedAt: null,
      seriesIds: [ID],
    });
    writeJobFile(jobsDir(dir), { view, ownerPid: process.pid });
    const busy = (what: string) => ({
      code: 'BAD_INPUT',
      message: `series ${ID} is in use by the running job "Backfill ${ID}" (backfill-1); ${what} it once that job has ended`,
      details: { reason: 'series_busy', series: ID, jobId: 'backfill-1' },
    });
    await expect(c.undo(KEY)).rejects.toMatchObject(busy('undo'));
    await expect(c.dropBars(KEY, [T0])).rejects.toMatchObject(busy('drop bars of'));
    expect(seriesState(dir)).toEqual(before);
    writeJobFile(jobsDir(dir), { view, ownerPid: null });
    // The drop names the generation it committed; a drop of bars already gone commits none.
    expect(await c.dropBars(KEY, [T0])).toMatchObject({ result: { removed: 1 }, generation: 3 });
    expect(await c.dropBars(KEY, [T0])).toMatchObject({ result: { removed: 0 }, generation: null });
    expect((await c.undo(KEY)).undone).toEqual([3]);
    expect(seriesState(dir)).toEqual(before);
    await c.close();
  });
});
