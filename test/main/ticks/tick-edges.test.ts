import { describe, expect, it } from 'vitest';
import { allocBatch, openCatalog } from '../../../src-main/engines/catalog/index';
import { edgesWithStoredTicks } from '../../../src-main/engines/import/ticks/tick-edges';
import { tickPlanOf } from '../../../src-main/engines/import/ticks/tick-import';
import { tickWorkspaces } from './helpers';

const workspace = tickWorkspaces();

describe('edge bars built again after a tick import: only those whose time held stored ticks', () => {
  it('none in a new series; the first bar once an earlier file holds ticks of its minute', async () => {
    const ws = await workspace();
    const lines = ['3,98,2,196,1704153620000,false', '4,99,1,99,1704153670000,false'];
    const b = ws.file('BTCUSDT-trades-2024-01-02b.csv', lines);
    const plan = await tickPlanOf(b, b, { ticks: 'both', timeframe: '1m', symbol: 'BTCUSDT' });
    if ('refusal' in plan) throw new Error(plan.refusal);
    const t = Date.UTC(2024, 0, 2);
    const bars = allocBatch(2, ['trades']);
    bars.ts.set([t, t + 60_000]);
    const catalog = await openCatalog(ws.catalog);
    try {
      expect(await edgesWithStoredTicks(catalog, plan, bars)).toEqual([]);
      const a = ws.file('BTCUSDT-trades-2024-01-02.csv', ['1,100,1,100,1704153600000,false']);
      expect((await ws.cli(['import', a, '--ticks', 'keep', '--symbol', 'BTCUSDT'])).code).toBe(0);
      expect(await edgesWithStoredTicks(catalog, plan, bars)).toEqual([0]);
    } finally {
      await catalog.close();
    }
  });
});
