import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedSettingsPath } from '../../../src-main/engines/schedule/settings-file';
import type { JobView } from '../../../src-shared/contract';
import { DAY, HOUR, MINUTE as MIN } from '../../../src-shared/domain/timeframe';
import { clockedCoreEach, seedBinanceSeries, T0 } from './helpers';

// A group schedule made from the app (setGroupSchedule): the group and its schedule saved in one edit of
// the shared settings file, run by the app's scheduler as one job of the registry.
const BTC = 'BINANCE:BTCUSDT:1h';
const ETH = 'BINANCE:ETHUSDT:1h';
const BTC_1M = 'BINANCE:BTCUSDT:1m';

const { core, now, tick, call } = clockedCoreEach('barcat-group-schedules-', async (env, clock) => {
  for (const [id, symbol, tf] of [
    [BTC, 'BTCUSDT', HOUR],
    [ETH, 'ETHUSDT', HOUR],
    [BTC_1M, 'BTCUSDT', MIN],
  ] as const) {
    await seedBinanceSeries(env, id, {
      symbol,
      tf,
      from: T0 + 2 * DAY - 10 * tf,
      to: T0 + 2 * DAY,
      now: clock,
    });
  }
});

const settingsFile = () => JSON.parse(readFileSync(sharedSettingsPath(core().catalog().dir), 'utf8'));
const scheduleJobs = async () =>
  (await call('listJobs'))
    .filter((j) => j.kind === 'schedule')
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((j: JobView) => [j.state, j.title, j.message, j.seriesIds]);

describe('group schedules from the app', () => {
  it("refuses to turn a group schedule into one series' schedule, leaving the file as it was", async () => {
    const group = { name: 'binance-hourly', venue: 'BINANCE', timeframe: '1h' };
    await call('setGroupSchedule', { group, rule: { kind: 'every', minutes: 60 } });
    const before = settingsFile();
    await expect(
      call('setSchedule', {
        id: 'binance-hourly',
        target: { series: BTC },
        rule: { kind: 'hourly', minute: 5 },
      }),
    ).rejects.toThrow('schedule "binance-hourly" updates a group: edit it under Group schedules');
    expect(settingsFile()).toEqual(before);
  });

  it('creates a group with its schedule, runs it as one job over the group, edits it, removes both', async () => {
    const group = { name: 'binance-hourly', venue: 'BINANCE', timeframe: '1h' };
    const view = await call('setGroupSchedule', { group, rule: { kind: 'every', minutes: 60 } });
    expect([view.schedule.id, view.schedule.target, view.nextRunAt]).toEqual([
      'binance-hourly',
      { group: 'binance-hourly' },
      now(),
    ]);
    expect(settingsFile()).toMatchObject({
      groups: [group],
      schedules: [
        { id: 'binance-hourly', target: { group: 'binance-hourly' }, rule: { kind: 'every', minutes: 60 } },
      ],
    });
    await core().scheduler.idle();
    expect(await scheduleJobs()).toEqual([
      ['done', 'Keep current: group binance-hourly (every 60 min)', '2 series, 0 bars written', [BTC, ETH]],
    ]);
    const listed = await call('listSchedules');
    expect(listed.groups).toEqual([group]);
    expect(listed.schedules.map((s) => [s.schedule.id, s.state.lastRunAt, s.state.lastOutcome])).toEqual([
      ['binance-hourly', now(), 'ok'],
    ]);

    // Edited: another name and filter; the old group goes, the schedule keeps its id.
    const edited = await call('setGroupSchedule', {
      id: 'binance-hourly',
      group: { name: 'btc', symbol: 'BTC*' },
      rule: { kind: 'hourly', minute: 5 },
    });
    expect([edited.schedule.id, edited.schedule.target, edited.schedule.rule]).toEqual([
      'binance-hourly',
      { group: 'btc' },
      { kind: 'hourly', minute: 5 },
    ]);
    expect(settingsFile().groups).toEqual([{ name: 'btc', symbol: 'BTC*' }]);
    await tick(HOUR);
    expect((await scheduleJobs()).at(-1)).toEqual([
      'done',
      'Keep current: group btc (hourly at :05)',
      // The 90 minutes closed since the 1m series' last bar, and the 1h bar closed since.
      '2 series, 91 bars written',
      [BTC, BTC_1M],
    ]);

    expect(await call('removeGroupSchedule', { id: 'binance-hourly' })).toEqual({ groupRemoved: true });
    expect([settingsFile().groups, settingsFile().schedules]).toEqual([[], []]);
  });

  it('refuses, changing nothing: a name another group has, a series schedule, an unknown id; a group another schedule updates is kept', async () => {
    await call('setGroupSchedule', {
      group: { name: 'eth', symbol: 'ETH*' },
      rule: { kind: 'every', minutes: 5 },
    });
    const before = readFileSync(sharedSettingsPath(core().catalog().dir), 'utf8');
    expect(
      await core().dispatch('setGroupSchedule', {
        group: { name: 'eth', venue: 'KRAKEN' },
        rule: { kind: 'every', minutes: 5 },
      }),
    ).toMatchObject({ ok: false, error: { details: { reason: 'group_exists', group: 'eth' } } });
    await call('setSchedule', { target: { series: BTC }, rule: { kind: 'every', minutes: 5 } });
    expect(
      await core().dispatch('setGroupSchedule', {
        id: 'BINANCE-BTCUSDT-1h',
        group: { name: 'x' },
        rule: { kind: 'every', minutes: 5 },
      }),
    ).toMatchObject({ ok: false, error: { details: { reason: 'not_a_group_schedule' } } });
    expect(await core().dispatch('removeGroupSchedule', { id: 'nope' })).toMatchObject({
      ok: false,
      error: { message: 'no schedule "nope"', details: { reason: 'no_schedule' } },
    });
    await call('removeSchedule', { id: 'BINANCE-BTCUSDT-1h' });
    expect(readFileSync(sharedSettingsPath(core().catalog().dir), 'utf8')).toBe(before);

    // A second schedule of the same group (as `barcat schedule add --group` makes): removing one keeps the group.
    await call('setSchedule', { target: { group: 'eth' }, rule: { kind: 'hourly', minute: 0 } });
    expect(await call('removeGroupSchedule', { id: 'eth' })).toEqual({ groupRemoved: false });
    expect(settingsFile().groups).toEqual([{ name: 'eth', symbol: 'ETH*' }]);
  });
});
