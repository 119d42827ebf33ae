import { beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/app/create-core';
import { commands } from '../../../src-shared/contract';
import { grid, walk } from '../../main/quality/synthetic';
import { tempCore } from '../temp-core';

const ID = 'BINANCE:BAD:1m';
const KEY = { venue: 'BINANCE', symbol: 'BAD', timeframe: '1m' } as const;
const T0 = Date.UTC(2024, 0, 1);
let core: Core;
tempCore('barcat-findings-count-', (_dir, c) => (core = c), { dataDir: null });

beforeEach(async () => {
  const bad = walk(grid(T0, 1440), 3);
  bad.low[600] = bad.low[600]! * 0.9; // one planted spike
  await core.catalog().write(KEY, bad, 'merge', { source: 'import:planted' });
});

async function countShown(): Promise<number | null | undefined> {
  const r = await core.dispatch('listSeries', {});
  if (!r.ok) throw new Error(r.error.message);
  return commands.listSeries.output.parse(r.value).find((s) => s.id === ID)?.qualityFindings;
}

// The series table's findings count is cached per series: every action changing the findings must drop it.
describe('the findings count in the series list follows review, drop and undo', () => {
  it('1 open finding, 0 after a review, 1 after unreview, 0 after a drop, 1 after its undo', async () => {
    const s = await core.dispatch('seriesFindings', { id: ID });
    if (!s.ok) throw new Error(s.error.message);
    const fid = commands.seriesFindings.output.parse(s.value).findings[0]!.id;
    expect(await countShown()).toBe(1);
    expect((await core.dispatch('reviewFinding', { id: ID, findingId: fid, note: 'real' })).ok).toBe(true);
    expect(await countShown()).toBe(0);
    expect((await core.dispatch('unreviewFinding', { id: ID, findingId: fid })).ok).toBe(true);
    expect(await countShown()).toBe(1);
    expect(await core.dispatch('dropFinding', { id: ID, findingId: fid })).toMatchObject({
      ok: true,
      value: { dropped: 1, open: 0 },
    });
    expect(await countShown()).toBe(0);
    expect((await core.dispatch('undoLastWrite', { id: ID })).ok).toBe(true);
    expect(await countShown()).toBe(1);
  });
});
