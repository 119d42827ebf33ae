import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  batchFromBars,
  jobsDir,
  openCatalog,
  readManifest,
  tableToBars,
  writeJobFile,
} from '../../../src-main/engines/catalog/index';
import { relabelTimeframe } from '../../../src-main/engines/quality/relabel-timeframe';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { jobView } from '../../helpers/job-view';
import { minuteBars, tempDirEach } from '../catalog/helpers';

// A relabel reads the old series a partition at a time (with progress), writes the new one in one
// commit, and refuses a target another running job writes.
const OLD = parseSeriesId('BINANCE:BTCUSDT:1m');
const NEW = parseSeriesId('BINANCE:BTCUSDT:5m');
const FIVE = 5 * 60_000;
// 5-minute bars labelled 1m from mid-January to mid-March: three monthly partitions of the old series,
// one yearly partition of the new.
const BARS = minuteBars(Date.UTC(2024, 0, 15), 17_000, 100, FIVE);

const tmp = tempDirEach('barcat-relabel-stream-');

async function catalogWithOld() {
  const c = await openCatalog(tmp(), { create: true });
  await c.write(OLD, batchFromBars(BARS), 'merge');
  return c;
}

describe('relabel, a partition at a time', () => {
  it('honours a cancel that comes with the last partition read: nothing committed, the old series as it was', async () => {
    const c = await catalogWithOld();
    const stop = new AbortController();
    const relabel = relabelTimeframe(
      c,
      OLD,
      '5m',
      { source: 'test' },
      { signal: stop.signal, onProgress: (done, total) => (done === total ? stop.abort() : undefined) },
    );
    await expect(relabel).rejects.toMatchObject({
      code: 'CANCELLED',
      message: 'relabel cancelled; nothing changed',
    });
    expect((await c.listSeries()).map((x) => x.id)).toEqual(['BINANCE:BTCUSDT:1m']);
    expect(tableToBars(await c.query(OLD, undefined))).toEqual(BARS);
    await c.close();
  });

  it('reports progress per old partition and writes the new series in one commit, bars exact', async () => {
    const c = await catalogWithOld();
    expect((await readManifest(c.dir, OLD))!.partitions.map((p) => p.key)).toEqual([
      '2024-01',
      '2024-02',
      '2024-03',
    ]);
    const progress: [number, number][] = [];
    const r = await relabelTimeframe(
      c,
      OLD,
      '5m',
      { source: 'test' },
      { onProgress: (done, total) => progress.push([done, total]) },
    );
    expect(progress).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(r.bars).toBe(BARS.length);
    const m = (await readManifest(c.dir, NEW))!;
    expect([m.generation, m.partitions.map((p) => p.key)]).toEqual([1, ['2024']]);
    expect(tableToBars(await c.query(NEW, undefined))).toEqual(BARS);
    expect(await readManifest(c.dir, OLD)).toBeUndefined();
    // The staging area it used is gone.
    expect(existsSync(path.join(c.dir, '.staging')) ? readdirSync(path.join(c.dir, '.staging')) : []).toEqual(
      [],
    );
    await c.close();
  });

  it('refuses a target another running job writes (series_busy naming it), changing nothing; its own job passes', async () => {
    const c = await catalogWithOld();
    const id = 'BINANCE:BTCUSDT:5m';
    const view = jobView({ id: 'backfill-1', kind: 'backfill', title: `Backfill ${id}`, state: 'running' });
    writeJobFile(jobsDir(c.dir), {
      view: { ...view, finishedAt: null, seriesIds: [id] },
      ownerPid: process.pid,
    });
    await expect(relabelTimeframe(c, OLD, '5m', { source: 'test' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: `series ${id} is in use by the running job "Backfill ${id}" (backfill-1); relabel it once that job has ended`,
      details: { reason: 'series_busy', series: id, jobId: 'backfill-1' },
    });
    expect(await readManifest(c.dir, NEW)).toBeUndefined();
    expect(tableToBars(await c.query(OLD, undefined))).toEqual(BARS);
    // The relabel's own job (it names both series) is not another writer.
    const r = await relabelTimeframe(c, OLD, '5m', { source: 'test', jobId: 'backfill-1' });
    expect(r.bars).toBe(BARS.length);
    await c.close();
  });
});
