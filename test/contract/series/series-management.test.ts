import { beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/app/create-core';
import { batchFromBars } from '../../../src-main/engines/catalog/index';
import { type CommandName, type CommandOutput, commands } from '../../../src-shared/contract';
import { minuteBars, T0 } from '../../main/catalog/helpers';
import { tempCore } from '../temp-core';

const ID = 'BINANCE:BTCUSDT:1m';
const KEY = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;
let core: Core;
tempCore('barcat-admin-contract-', (_dir, c) => (core = c), { dataDir: null });

beforeEach(async () => {
  await core.catalog().write(KEY, batchFromBars(minuteBars(T0, 90)), 'merge', { source: 'import:a' });
  await core
    .catalog()
    .write(KEY, batchFromBars(minuteBars(T0 + 90 * 60_000, 30)), 'merge', { source: 'import:b' });
});

/** Dispatches and checks the answer against the command's output schema, as the renderer relies on. */
async function call<K extends CommandName>(name: K, input: unknown) {
  const r = await core.dispatch(name, input);
  if (!r.ok) return r;
  return { ok: true as const, value: commands[name].output.parse(r.value) as CommandOutput<K> };
}

describe('series management commands', () => {
  it('refuses to delete a series a schedule keeps current, with the reason the renderer words', async () => {
    // Daily, so it is not due at once (an "every" schedule runs when set).
    const rule = { kind: 'daily', at: '18:00', timeZone: 'America/New_York' };
    const set = await call('setSchedule', { target: { series: ID }, rule });
    expect(set.ok).toBe(true);
    expect(await call('deleteSeries', { id: ID })).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_INPUT',
        details: { reason: 'series_scheduled', series: ID, schedule: 'BINANCE-BTCUSDT-1m' },
      },
    });
    expect((await core.catalog().listSeries()).map((s) => s.id)).toEqual([ID]);
  });

  it('history, undo, delete, trash, restore: answers that match the contract', async () => {
    const h = await call('seriesHistory', { id: ID });
    expect(h.ok && h.value.generations.map((g) => [g.generation, g.kind, g.jobId, g.bars])).toEqual([
      [2, 'import', 'b', 120],
      [1, 'import', 'a', 90],
      [0, null, null, 0],
    ]);
    const u = await call('undoLastWrite', { id: ID });
    expect(u).toMatchObject({
      ok: true,
      value: { undone: [2], barsBefore: 120, barsAfter: 90, source: 'import:b' },
    });
    const d = await call('deleteSeries', { id: ID });
    expect(d).toMatchObject({ ok: true, value: { series: ID, bars: 90 } });
    expect((await core.catalog().listSeries()).map((s) => s.id)).toEqual([]);
    const t = await call('listTrash', {});
    expect(t.ok && t.value.map((e) => e.series)).toEqual([ID]);
    const r = await call('restoreFromTrash', { trashId: d.ok ? d.value.id : '' });
    expect(r).toMatchObject({ ok: true, value: { series: ID } });
    expect((await core.catalog().listSeries()).map((s) => [s.id, s.rows])).toEqual([[ID, 90]]);
    // The reason codes the renderer words.
    await call('undoLastWrite', { id: ID });
    expect(await call('undoLastWrite', { id: ID })).toMatchObject({
      ok: false,
      error: { code: 'DATA', details: { reason: 'nothing_to_undo', series: ID } },
    });
    expect(await call('restoreFromTrash', { trashId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', details: { reason: 'not_in_trash' } },
    });
    expect(await call('dropFinding', { id: ID, findingId: 'ffffffffff' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', details: { reason: 'no_such_finding' } },
    });
    const f = await call('seriesFindings', { id: ID });
    expect(f).toMatchObject({ ok: true, value: { findings: [], open: 0 } });
  });
});
