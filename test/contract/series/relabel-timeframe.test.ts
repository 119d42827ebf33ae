import { beforeEach, describe, expect, it } from 'vitest';
import { batchFromBars, readOps, tableToBars } from '../../../src-main/engines/catalog/index';
import type { CommandName } from '../../../src-shared/contract';
import { jobNoteText } from '../../../src-shared/domain/job-notes';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { jobEnded } from '../../helpers/job-end';
import { cli } from '../../main/catalog/cli-io';
import { minuteBars, T0 } from '../../main/catalog/helpers';
import { callCore, onCoreOf, seedMinutes, tempCoreOf } from '../temp-core';

// "Change timeframe label": 5-minute bars imported as 1m get the 5m label without a re-import, when
// every bar sits on the 5m grid; the old series goes to the trash, whence it can be restored.
const MIN = 60_000;
const OLD = 'BINANCE:BTCUSDT:1m';
const NEW = 'BINANCE:BTCUSDT:5m';
// Six bars five minutes apart, across a month boundary (T0 is 23:00 on Jan 31).
const FIVE = minuteBars(T0 + 50 * MIN, 6, 100, 5 * MIN);

const { core } = tempCoreOf('barcat-relabel-', { dataDir: null });
beforeEach(async () => {
  await core().catalog().write(parseSeriesId(OLD), batchFromBars(FIVE), 'merge');
  await call('setSeriesProvider', { id: OLD, provider: 'binance-spot' });
  await call('setSeriesHealth', { id: OLD, notify: true });
  await call('setSchedule', {
    target: { series: OLD },
    rule: { kind: 'daily', at: '18:00', timeZone: 'UTC' },
  });
});

const call = <K extends CommandName>(name: K, input?: unknown) => callCore(core(), name, input);
/** Starts the relabel job (what the rename form sends) and waits for its end; the job as listed. */
async function relabel(id: string, timeframe: string) {
  const { jobId } = await call('startRelabel', { id, timeframe });
  return jobEnded(() => call('listJobs'), jobId);
}
const bars = async (id: string) => tableToBars(await core().catalog().query(parseSeriesId(id), undefined));

describe('change timeframe label', () => {
  it('relabels 5-minute bars labelled 1m: same bars under 5m, settings follow, recorded, the old series in the trash; relabelling back takes it back', async () => {
    // Not inside the request: renameSeries sends a timeframe alone to the job.
    expect(await core().dispatch('renameSeries', { id: OLD, timeframe: '5m' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', details: { reason: 'relabel_is_a_job', field: 'timeframe' } },
    });
    const job = await relabel(OLD, '5m');
    const note = job.notes?.[0];
    const trashId = note?.reason === 'relabeled' ? note.trashId : '';
    // A job of the one registry: progress in partitions of the old series (two months), what followed as a note.
    expect(job).toMatchObject({
      kind: 'relabel',
      title: `Change the timeframe label of ${OLD} to 5m`,
      state: 'done',
      unit: 'partitions',
      done: 2,
      total: 2,
      seriesIds: [OLD, NEW],
      // Main sends no sentence: the note is worded by the renderer (and the CLI its own way).
      message: null,
      notes: [
        {
          reason: 'relabeled',
          id: NEW,
          bars: 6,
          trashId,
          schedulesMoved: ['BINANCE-BTCUSDT-1m'],
          healthSettingsMoved: true,
          groupsLeft: [],
          groupsJoined: [],
        },
      ],
    });
    expect(trashId).not.toBe('');
    expect(job.notes?.map(jobNoteText)).toEqual([
      `6 bar(s) written as ${NEW}; the old series is in the trash (entry ${trashId}), whence it can be restored`,
    ]);
    expect(await bars(NEW)).toEqual(FIVE);
    expect((await call('listSeries')).map((s) => [s.id, s.rows, s.provider])).toEqual([
      [NEW, 6, 'binance-spot'],
    ]);
    expect((await call('listSchedules')).schedules.map((v) => v.schedule.target)).toEqual([{ series: NEW }]);
    expect((await call('listTrash')).map((t) => [t.id, t.series, t.bars])).toEqual([[trashId, OLD, 6]]);
    const ops = (await readOps(core().catalog().dir)).filter((o) => o.op === 'relabel');
    expect(
      ops.map(({ op, series, to, bars, trashId: t, by }) => ({ op, series, to, bars, trashId: t, by })),
    ).toEqual([{ op: 'relabel', series: OLD, to: NEW, bars: 6, trashId, by: 'app' }]);

    // Taken back by relabelling again (5m bars sit on the 1m grid): the old id, its bars and schedule.
    const back = await relabel(NEW, '1m');
    expect(back.notes).toMatchObject([
      { reason: 'relabeled', id: OLD, schedulesMoved: ['BINANCE-BTCUSDT-1m'], bars: 6 },
    ]);
    expect(await bars(OLD)).toEqual(FIVE);
    expect((await call('listSchedules')).schedules.map((v) => v.schedule.target)).toEqual([{ series: OLD }]);
  });

  it('a cancel before the commit leaves the old series as it was and makes no new one', async () => {
    const { jobId } = await call('startRelabel', { id: OLD, timeframe: '5m' });
    // At once: the worker is still opening the catalog, so the cancel lands before the commit.
    expect(await call('cancelJob', { jobId })).toEqual({ cancelled: true });
    const job = await jobEnded(() => call('listJobs'), jobId);
    expect(job.state).toBe('cancelled');
    expect((await call('listSeries')).map((x) => x.id)).toEqual([OLD]);
    expect(await bars(OLD)).toEqual(FIVE);
    expect(await call('listTrash')).toEqual([]);
  });

  it('refuses when bars are off the new grid, with the count and the first, changing nothing', async () => {
    const ONE = 'BINANCE:ETHUSDT:1m';
    await seedMinutes(core(), ONE, 12);
    const job = await relabel(ONE, '5m');
    expect(job).toMatchObject({
      state: 'failed',
      message: null,
      notes: [
        {
          reason: 'relabel-refused',
          code: 'off_grid',
          fields: { reason: 'off_grid', timeframe: '5m', count: 9, firstTs: T0 + MIN },
        },
      ],
    });
    expect(job.notes?.map(jobNoteText)).toEqual([
      'The timeframe label was not changed: 9 bar(s) are not on the 5m grid (the first at 2024-01-31T23:01:00.000Z).',
    ]);
    expect((await call('listSeries')).map((s) => s.id).sort()).toEqual([OLD, ONE]);
    expect(await call('listTrash')).toEqual([]);
    expect(await bars(ONE)).toEqual(minuteBars(T0, 12));
  });

  it('refuses a relabel of, or onto, a series a running relabel job writes, at once', async () => {
    const HOURLY = 'BINANCE:BTCUSDT:1h';
    await core()
      .catalog()
      .write(parseSeriesId(HOURLY), batchFromBars(minuteBars(T0, 3, 100, 60 * MIN)), 'merge');
    const { jobId } = await call('startRelabel', { id: OLD, timeframe: '5m' });
    const title = `Change the timeframe label of ${OLD} to 5m`;
    const busy = (series: string) => ({
      ok: false,
      error: {
        code: 'BAD_INPUT',
        message: `series ${series} is in use by the running job "${title}" (${jobId}); relabel it once that job has ended`,
        details: { reason: 'series_busy', series, jobId },
      },
    });
    expect(await core().dispatch('startRelabel', { id: OLD, timeframe: '15m' })).toEqual(busy(OLD));
    expect(await core().dispatch('startRelabel', { id: HOURLY, timeframe: '5m' })).toEqual(busy(NEW));
    expect((await jobEnded(() => call('listJobs'), jobId)).state).toBe('done');
    expect((await call('listJobs')).filter((j) => j.kind === 'relabel').map((j) => j.id)).toEqual([jobId]);
    expect((await call('listSeries')).map((x) => x.id).sort()).toEqual([HOURLY, NEW]);
  });

  it('barcat rename --timeframe: relabels with the same rules and says what it did; refuses with exit 1', async () => {
    const catalogDir = core().catalog().dir;
    await seedMinutes(core(), 'BINANCE:ETHUSDT:1m', 3);
    await core().close();
    const refused = await cli(['rename', 'BINANCE:ETHUSDT:1m', '--timeframe', '1h', '--catalog', catalogDir]);
    expect(refused).toMatchObject({
      code: 1,
      stderr:
        'barcat: series BINANCE:ETHUSDT:1m: 2 of 3 bars are not on the 1h grid (the first at 2024-01-31T23:01:00.000Z); the label stays 1m\n',
    });
    const r = await cli(['rename', OLD, '--timeframe', '5m', '--catalog', catalogDir]);
    const trashId = /in the trash as (\S+) /.exec(r.stdout)?.[1];
    expect(r).toMatchObject({
      code: 0,
      stdout: [
        `renamed ${OLD} to ${NEW}`,
        `wrote its 6 bars under the new label; the old series is in the trash as ${trashId} ("barcat trash restore ${trashId}" takes the change back once the new one is deleted)`,
        'moved 1 schedule(s) to it: BINANCE-BTCUSDT-1m',
        'moved its health settings to it',
        '',
      ].join('\n'),
    });
    const stored = await onCoreOf(catalogDir, async (c) =>
      tableToBars(await c.catalog().query(parseSeriesId(NEW), undefined)),
    );
    expect(stored).toEqual(FIVE);
  });
});
