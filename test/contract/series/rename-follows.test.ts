import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { editSharedSettings, sharedSettingsPath } from '../../../src-main/engines/schedule/settings-file';
import type { CommandName, EventName } from '../../../src-shared/contract';
import { cli } from '../../main/catalog/cli-io';
import { callCore, onCoreOf, seedMinutes, tempCoreOf } from '../temp-core';

// A renamed series is still kept current: its schedule names the new id, its provider and health
// settings follow, and the groups it leaves or joins by its new name are reported, in the one rename.
const OLD = 'BINANCE:BTCUSDT:1m';
const NEW = 'BINANCE:XBTUSDT:1m';

// A clock far from the bars: the schedule is not due in the test, so nothing is fetched.
const { core } = tempCoreOf('barcat-rename-follows-', { dataDir: null });
beforeEach(async () => {
  await seedMinutes(core(), OLD, 30);
  await call('setSeriesProvider', { id: OLD, provider: 'binance-futures' });
  await call('setSeriesHealth', { id: OLD, maxLagMs: 3_600_000, notify: true });
  await call('setSchedule', {
    target: { series: OLD },
    rule: { kind: 'daily', at: '18:00', timeZone: 'UTC' },
  });
  await editSharedSettings(core().catalog().dir, (s) => {
    s.groups.push(
      { name: 'btc-exact', symbol: 'BTCUSDT' },
      { name: 'xbt', symbol: 'XBT*' },
      { name: 'usdt', symbol: '*USDT' },
    );
  });
});

const call = <K extends CommandName>(name: K, input?: unknown) => callCore(core(), name, input);

describe('a rename moves what is keyed by the series', () => {
  it('renameSeries: the schedule, provider and health settings follow; groups left and joined are reported', async () => {
    const events: EventName[] = [];
    core().events.subscribe((name) => events.push(name));
    expect(await call('renameSeries', { id: OLD, symbol: 'XBTUSDT' })).toEqual({
      id: NEW,
      schedulesMoved: ['BINANCE-BTCUSDT-1m'],
      healthSettingsMoved: true,
      groupsLeft: ['btc-exact'],
      groupsJoined: ['xbt'],
    });
    expect(events).toEqual(['seriesChanged', 'schedulesChanged']);
    const { schedules } = await call('listSchedules');
    expect(schedules.map((v) => [v.schedule.id, v.schedule.target])).toEqual([
      ['BINANCE-BTCUSDT-1m', { series: NEW }],
    ]);
    expect(
      JSON.parse(readFileSync(sharedSettingsPath(core().catalog().dir), 'utf8')).schedules[0].target,
    ).toEqual({
      series: NEW,
    });
    const listed = await call('listSeries');
    expect(listed.map((s) => [s.id, s.provider])).toEqual([[NEW, 'binance-futures']]);
    const health = await call('healthReport');
    expect(health.series.map((s) => [s.id, s.notify])).toEqual([[NEW, true]]);
  });

  it('barcat rename prints what followed, a line each', async () => {
    const catalogDir = core().catalog().dir;
    await core().close();
    const r = await cli(['rename', OLD, '--symbol', 'XBTUSDT', '--catalog', catalogDir]);
    expect(r).toMatchObject({
      code: 0,
      stdout: [
        `renamed ${OLD} to ${NEW}`,
        'moved 1 schedule(s) to it: BINANCE-BTCUSDT-1m',
        'moved its health settings to it',
        'no longer in group(s) btc-exact (their filters do not match the new name)',
        'now in group(s) xbt',
        '',
      ].join('\n'),
    });
    const listed = await onCoreOf(catalogDir, (c) => callCore(c, 'listSchedules'));
    expect(listed.schedules[0]!.schedule.target).toEqual({ series: NEW });
  });
});
