import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/app/create-core';
import { batchFromBars, openCatalog, readOps, tableToBars } from '../../../src-main/engines/catalog/index';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { filesUnder } from '../../helpers/files-under';
import { CLI, minuteBars, T0, tempDir } from '../../main/catalog/helpers';

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

let work: string;
let cleanup: () => void;
let base: string;
const before: Record<string, string> = {};
const after: Record<string, string> = {};

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');
const relabel = (dir: string, env: Record<string, string> = {}) =>
  spawnSync('node', [CLI, 'rename', OLD, '--timeframe', '5m', '--catalog', dir], {
    env: { ...process.env, ...env },
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

beforeAll(async () => {
  const t = tempDir('barcat-relabel-crash-');
  work = t.dir;
  cleanup = t.cleanup;
  base = path.join(work, 'base');
  const core = await createCore({ catalogDir: base, dataDir: null });
  await core.catalog().write(parseSeriesId(OLD), batchFromBars(FIVE), 'merge');
  for (const [name, input] of [
    ['setSeriesProvider', { id: OLD, provider: 'binance-spot' }],
    ['setSeriesHealth', { id: OLD, notify: true }],
    ['setSchedule', { target: { series: OLD }, rule: { kind: 'daily', at: '18:00', timeZone: 'UTC' } }],
  ] as const) {
    const r = await core.dispatch(name, input);
    if (!r.ok) throw new Error(r.error.message);
  }
  await core.close();
  for (const f of FILES) before[f] = read(base, f);
  const clean = path.join(work, 'clean');
  cpSync(base, clean, { recursive: true });
  expect(relabel(clean).status).toBe(0);
  for (const f of FILES) after[f] = read(clean, f);
});
afterAll(() => cleanup());

describe('relabel: a crash never leaves both series listed', () => {
  it('a finished relabel: the new series only, the old one in the trash, settings moved', async () => {
    expect(await state(path.join(work, 'clean'))).toEqual({
      listed: [[NEW, 6, 'binance-spot']],
      bars: FIVE,
      trash: [[OLD, 6]],
    });
    expect(after['health.json']).toBe(
      `${JSON.stringify({ series: { [NEW]: { notify: true } } }, null, 1)}\n`,
    );
    expect(after['barcat-settings.json']).toBe(
      before['barcat-settings.json']!.replace(`"series": "${OLD}"`, `"series": "${NEW}"`),
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
      const dir = path.join(work, `crash-${stage}`);
      cpSync(base, dir, { recursive: true });
      const r = relabel(dir, { BARCAT_CRASH_AT: stage });
      expect(r.signal, r.stderr.toString()).toBe('SIGKILL');
      expect(await state(dir)).toEqual(
        side === 'old'
          ? { listed: [[OLD, 6, 'binance-spot']], bars: FIVE, trash: [] }
          : { listed: [[NEW, 6, 'binance-spot']], bars: FIVE, trash: [[OLD, 6]] },
      );
      const want = side === 'old' ? before : after;
      for (const f of FILES) expect(read(dir, f)).toBe(want[f]);
      const ops = (await readOps(dir)).filter((o) => o.op.startsWith('relabel')).map((o) => [o.op, o.by]);
      expect(ops).toEqual([[side === 'old' ? 'relabel-undone' : 'relabel', 'recovery']]);
      if (side === 'old') expect(filesUnder(dir).filter(notLog)).toEqual(filesUnder(base).filter(notLog));
    });
  }
});
