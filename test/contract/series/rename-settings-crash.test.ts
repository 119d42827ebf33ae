import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/app/create-core';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import { CLI, minuteBars, T0, tempDir } from '../../main/catalog/helpers';

// The rename moves the series' schedules and health settings under its journal: a SIGKILL at any step
// leaves, after the next open, the old series with the old settings or the new one with the new settings.
const OLD = 'BINANCE:BTCUSDT:1m';
const NEW = 'BINANCE:XBTUSDT:1m';
const SETTINGS = 'barcat-settings.json';
const HEALTH = 'health.json';

let work: string;
let cleanup: () => void;
let base: string;
const before: Record<string, string> = {};
const after: Record<string, string> = {};

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');
const rename = (dir: string, env: Record<string, string> = {}) =>
  spawnSync('node', [CLI, 'rename', OLD, '--symbol', 'XBTUSDT', '--catalog', dir], {
    env: { ...process.env, ...env },
  });

beforeAll(async () => {
  const t = tempDir('barcat-rename-settings-');
  work = t.dir;
  cleanup = t.cleanup;
  base = path.join(work, 'base');
  const core = await createCore({ catalogDir: base, dataDir: null });
  for (const symbol of ['BTCUSDT', 'ETHUSDT'])
    await core
      .catalog()
      .write({ venue: 'BINANCE', symbol, timeframe: '1m' }, batchFromBars(minuteBars(T0, 30)), 'merge');
  for (const [name, input] of [
    ['setSeriesHealth', { id: OLD, maxLagMs: 3_600_000, notify: true }],
    ['setSeriesHealth', { id: 'BINANCE:ETHUSDT:1m', notify: true }],
    ['setSchedule', { target: { series: OLD }, rule: { kind: 'daily', at: '18:00', timeZone: 'UTC' } }],
    [
      'setSchedule',
      { target: { series: 'BINANCE:ETHUSDT:1m' }, rule: { kind: 'daily', at: '19:00', timeZone: 'UTC' } },
    ],
  ] as const) {
    const r = await core.dispatch(name, input);
    if (!r.ok) throw new Error(r.error.message);
  }
  await core.close();
  for (const f of [SETTINGS, HEALTH]) before[f] = read(base, f);
  const clean = path.join(work, 'clean');
  cpSync(base, clean, { recursive: true });
  expect(rename(clean).status).toBe(0);
  for (const f of [SETTINGS, HEALTH]) after[f] = read(clean, f);
});
afterAll(() => cleanup());

describe('rename: schedules and health settings follow under the journal', () => {
  it('a finished rename: the old id is gone from both files, the other series keeps its own', () => {
    expect(JSON.parse(after[SETTINGS]!).schedules.map((s: { target: unknown }) => s.target)).toEqual([
      { series: NEW },
      { series: 'BINANCE:ETHUSDT:1m' },
    ]);
    expect(JSON.parse(after[HEALTH]!)).toEqual({
      series: { 'BINANCE:ETHUSDT:1m': { notify: true }, [NEW]: { maxLagMs: 3_600_000, notify: true } },
    });
    expect(after[SETTINGS]).toBe(before[SETTINGS]!.replace(`"series": "${OLD}"`, `"series": "${NEW}"`));
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
      const dir = path.join(work, `crash-${stage}`);
      cpSync(base, dir, { recursive: true });
      const r = rename(dir, { BARCAT_CRASH_AT: stage });
      expect(r.signal, r.stderr.toString()).toBe('SIGKILL');
      const cat = await openCatalog(dir);
      expect((await cat.listSeries()).map((s) => s.id)).toEqual(
        side === 'old' ? [OLD, 'BINANCE:ETHUSDT:1m'] : ['BINANCE:ETHUSDT:1m', NEW],
      );
      await cat.close();
      const want = side === 'old' ? before : after;
      expect(read(dir, SETTINGS)).toBe(want[SETTINGS]);
      expect(read(dir, HEALTH)).toBe(want[HEALTH]);
    });
  }
});
