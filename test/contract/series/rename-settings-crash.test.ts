import { cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import { minuteBars, T0 } from '../../main/catalog/helpers';
import { barcatIn, readIn, settingsCrashFixture } from './settings-crash';

// The rename moves the series' schedules and health settings under its journal: a SIGKILL at any step
// leaves, after the next open, the old series with the old settings or the new one with the new settings.
const OLD = 'BINANCE:BTCUSDT:1m';
const NEW = 'BINANCE:XBTUSDT:1m';
const SETTINGS = 'barcat-settings.json';
const HEALTH = 'health.json';

const rename = (dir: string, env: Record<string, string> = {}) =>
  barcatIn(dir, ['rename', OLD, '--symbol', 'XBTUSDT'], env);
const f = settingsCrashFixture({
  prefix: 'barcat-rename-settings-',
  files: [SETTINGS, HEALTH],
  seed: async (core) => {
    for (const symbol of ['BTCUSDT', 'ETHUSDT'])
      await core
        .catalog()
        .write({ venue: 'BINANCE', symbol, timeframe: '1m' }, batchFromBars(minuteBars(T0, 30)), 'merge');
  },
  calls: [
    ['setSeriesHealth', { id: OLD, maxLagMs: 3_600_000, notify: true }],
    ['setSeriesHealth', { id: 'BINANCE:ETHUSDT:1m', notify: true }],
    ['setSchedule', { target: { series: OLD }, rule: { kind: 'daily', at: '18:00', timeZone: 'UTC' } }],
    [
      'setSchedule',
      { target: { series: 'BINANCE:ETHUSDT:1m' }, rule: { kind: 'daily', at: '19:00', timeZone: 'UTC' } },
    ],
  ],
  run: (dir) => rename(dir),
});

describe('rename: schedules and health settings follow under the journal', () => {
  it('a finished rename: the old id is gone from both files, the other series keeps its own', () => {
    expect(JSON.parse(f.after[SETTINGS]!).schedules.map((s: { target: unknown }) => s.target)).toEqual([
      { series: NEW },
      { series: 'BINANCE:ETHUSDT:1m' },
    ]);
    expect(JSON.parse(f.after[HEALTH]!)).toEqual({
      series: { 'BINANCE:ETHUSDT:1m': { notify: true }, [NEW]: { maxLagMs: 3_600_000, notify: true } },
    });
    expect(f.after[SETTINGS]).toBe(f.before[SETTINGS]!.replace(`"series": "${OLD}"`, `"series": "${NEW}"`));
  });

  const stages: [string, 'old' | 'new'][] = [
    ['rename-journal-written', 'old'],
    ['rename-folder-moved', 'old'],
    ['rename-manifest-written', 'new'],
    ['rename-results-moved', 'new'],
    ['rename-settings-moved', 'new'],
    ['rename-old-manifest-removed', 'new'],
  ];
  for (const [stage, side] of stages) {
    it(`killed at ${stage}: the ${side} series with its settings, exactly, after the next open`, async () => {
      const dir = path.join(f.work, `crash-${stage}`);
      cpSync(f.base, dir, { recursive: true });
      const r = rename(dir, { BARCAT_CRASH_AT: stage });
      expect(r.signal, r.stderr.toString()).toBe('SIGKILL');
      const cat = await openCatalog(dir);
      expect((await cat.listSeries()).map((s) => s.id)).toEqual(
        side === 'old' ? [OLD, 'BINANCE:ETHUSDT:1m'] : ['BINANCE:ETHUSDT:1m', NEW],
      );
      await cat.close();
      const want = side === 'old' ? f.before : f.after;
      expect(readIn(dir, SETTINGS)).toBe(want[SETTINGS]);
      expect(readIn(dir, HEALTH)).toBe(want[HEALTH]);
    });
  }
});
