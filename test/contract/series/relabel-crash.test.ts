import { cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog, readOps, tableToBars } from '../../../src-main/engines/catalog/index';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { filesUnder } from '../../helpers/files-under';
import { minuteBars, T0 } from '../../main/catalog/helpers';
import { barcatIn, readIn, settingsCrashFixture } from './settings-crash';

// A timeframe relabel writes the bars as the new series, then trashes the old one, under the catalog's
// relabel journal: a SIGKILL at any step leaves, after the next open, exactly one of the two series
// listed, with its bars and settings, and the old one in the trash only when the new one is whole.
const MIN = 60_000;
const OLD = 'BINANCE:BTCUSDT:1m';
const NEW = 'BINANCE:BTCUSDT:5m';
const FIVE = minuteBars(T0 + 50 * MIN, 6, 100, 5 * MIN);
const FILES = ['barcat-settings.json', 'health.json'];
// The op log gains the recovery's record; every other file is as before the relabel (no half-written 5m).
const notLog = (f: string) => !f.startsWith('audit/');

const relabel = (dir: string, env: Record<string, string> = {}) =>
  barcatIn(dir, ['rename', OLD, '--timeframe', '5m'], env);
const f = settingsCrashFixture({
  prefix: 'barcat-relabel-crash-',
  files: FILES,
  seed: async (core) => {
    await core.catalog().write(parseSeriesId(OLD), batchFromBars(FIVE), 'merge');
  },
  calls: [
    ['setSeriesProvider', { id: OLD, provider: 'binance-spot' }],
    ['setSeriesHealth', { id: OLD, notify: true }],
    ['setSchedule', { target: { series: OLD }, rule: { kind: 'daily', at: '18:00', timeZone: 'UTC' } }],
  ],
  run: (dir) => relabel(dir),
});

async function state(dir: string) {
  const cat = await openCatalog(dir);
  try {
    const listed = (await cat.listSeries()).map((s) => [s.id, s.rows, s.provider]);
    const [only] = listed;
    const bars = only ? tableToBars(await cat.query(parseSeriesId(String(only[0])), undefined)) : [];
    const trash = (await cat.listTrash()).map((t) => [t.series, t.bars]);
    return { listed, bars, trash };
  } finally {
    await cat.close();
  }
}

describe('relabel: a crash never leaves both series listed', () => {
  it('a finished relabel: the new series only, the old one in the trash, settings moved', async () => {
    expect(await state(path.join(f.work, 'clean'))).toEqual({
      listed: [[NEW, 6, 'binance-spot']],
      bars: FIVE,
      trash: [[OLD, 6]],
    });
    expect(f.after['health.json']).toBe(
      `${JSON.stringify({ series: { [NEW]: { notify: true } } }, null, 1)}\n`,
    );
    expect(f.after['barcat-settings.json']).toBe(
      f.before['barcat-settings.json']!.replace(`"series": "${OLD}"`, `"series": "${NEW}"`),
    );
  });

  // Before the commit the half-written new series goes; from it on the move to the trash is finished.
  const stages: [string, 'old' | 'new'][] = [
    ['relabel-journal-written', 'old'],
    ['write-start', 'old'],
    ['partition-renamed', 'old'],
    ['manifest-temp-written', 'old'], // the new series' first manifest
    ['manifest-temp-written#2', 'old'], // its provider
    ['relabel-committed', 'new'],
    ['trash-journal-written', 'new'],
    ['relabel-old-trashed', 'new'],
  ];
  for (const [stage, side] of stages) {
    it(`killed at ${stage}: the ${side} series, its bars and settings, exactly, after the next open`, async () => {
      const dir = path.join(f.work, `crash-${stage}`);
      cpSync(f.base, dir, { recursive: true });
      const r = relabel(dir, { BARCAT_CRASH_AT: stage });
      expect(r.signal, r.stderr.toString()).toBe('SIGKILL');
      expect(await state(dir)).toEqual(
        side === 'old'
          ? { listed: [[OLD, 6, 'binance-spot']], bars: FIVE, trash: [] }
          : { listed: [[NEW, 6, 'binance-spot']], bars: FIVE, trash: [[OLD, 6]] },
      );
      const want = side === 'old' ? f.before : f.after;
      for (const f of FILES) expect(readIn(dir, f)).toBe(want[f]);
      const ops = (await readOps(dir)).filter((o) => o.op.startsWith('relabel')).map((o) => [o.op, o.by]);
      expect(ops).toEqual([[side === 'old' ? 'relabel-undone' : 'relabel', 'recovery']]);
      if (side === 'old') expect(filesUnder(dir).filter(notLog)).toEqual(filesUnder(f.base).filter(notLog));
    });
  }
});
