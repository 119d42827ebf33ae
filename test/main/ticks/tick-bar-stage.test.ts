import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FolderCatalog } from '../../../src-main/engines/catalog/catalog';
import { allocBatch, type BarBatch, openCatalog } from '../../../src-main/engines/catalog/index';
import { TickBarStage } from '../../../src-main/engines/import/ticks/tick-bar-stage';
import { planTicks } from '../../../src-main/engines/import/ticks/tick-detect';
import type { TickPlan } from '../../../src-shared/domain/ticks';
import { tickWorkspaces } from './helpers';

const tickWorkspace = tickWorkspaces();
const KEY = { venue: 'DUKASCOPY', symbol: 'EURUSD', timeframe: '1m' as const };

function plan(): TickPlan {
  const p = planTicks(
    'EURUSD_Ticks_2024.01.01-2024.04.30.csv',
    'Gmt time,Ask,Bid,AskVolume,BidVolume\n01.01.2024 00:00:00.000,1.10012,1.10000,1.5,2.25\n',
    { ticks: 'both', price: 'mid', timeframe: '1m' },
  );
  if ('refusal' in p) throw new Error(p.refusal);
  return p;
}

/** Three 1m bars from the first minute of 2024's month `m` (1-12): volume `volume`, two trades each. */
function month(m: number, volume = 0.5): BarBatch {
  const b = allocBatch(3, ['trades']);
  for (let i = 0; i < 3; i++) {
    b.ts[i] = Date.UTC(2024, m - 1, 1, 0, i);
    b.open[i] = b.high[i] = b.low[i] = b.close[i] = 1.1;
    b.volume[i] = volume;
    b.trades![i] = 2;
  }
  return b;
}

/** The bar files staged so far in the catalog's staging area (the stage's only area). */
function stagedFiles(catalog: string): string[] {
  const staging = path.join(catalog, '.staging');
  if (!existsSync(staging)) return [];
  return readdirSync(staging)
    .flatMap((a) => readdirSync(path.join(staging, a)))
    .sort();
}

/**
 * Runs `use` on a TickBarStage over a new workspace's catalog (in `dir`); discards the stage and closes
 * the catalog after it, even when it throws. Gives back `dir`.
 */
async function onStage(
  use: (stage: TickBarStage, catalog: FolderCatalog, dir: string) => Promise<void>,
): Promise<string> {
  const ws = await tickWorkspace();
  const catalog = await openCatalog(ws.catalog);
  try {
    const stage = await TickBarStage.open(catalog, plan());
    try {
      await use(stage, catalog, ws.catalog);
    } finally {
      await stage.discard();
    }
  } finally {
    await catalog.close();
  }
  return ws.catalog;
}

describe('TickBarStage stages months as ranges hand them over', () => {
  it('range 1 before range 0: its later months wait for the file volume (range 0 counts ticks), then are staged with that volume', async () => {
    const dir = await onStage(async (stage, catalog, dir) => {
      // Range 1's first month is held; its second waits: range 0 may still hold the file's first tick.
      stage.part(1, month(2), 'size');
      stage.part(1, month(3), 'size');
      await stage.ready();
      expect(stagedFiles(dir)).toEqual([]);
      // Range 0 counts ticks (its file has no sizes): March is staged, volume = trades.
      stage.part(0, month(1), 'count');
      await stage.ready();
      expect(stagedFiles(dir)).toEqual(['2024-03.parquet']);
      stage.end(0, null, 'count');
      stage.end(1, month(4), 'size');
      const held = stage.held();
      expect(Array.from(held!.ts, (t) => new Date(t).toISOString().slice(0, 7))).toEqual(
        ['2024-01', '2024-02', '2024-04'].flatMap((m) => [m, m, m]),
      );
      const written = await stage.commit(held!, 'merge', 'test');
      expect(written).toEqual({ added: 12, replaced: 0, removed: 0, skipped: 0, partitionsWritten: 4 });
      const stored = (await catalog.query(KEY, undefined)).toArray().map((r) => JSON.parse(String(r)));
      expect(stored.map((r) => r.volume)).toEqual(Array(12).fill(2));
    });
    expect(stagedFiles(dir)).toEqual([]);
  });

  it('a bar breaking a bar rule (infinite volume) is never staged: the read is told to stop, ready() throws', async () => {
    await onStage(async (stage, _catalog, dir) => {
      stage.part(0, month(1), 'size');
      stage.part(0, month(2, Number.POSITIVE_INFINITY), 'size');
      expect(stage.signal.aborted).toBe(true);
      await expect(stage.ready()).rejects.toMatchObject({
        code: 'BAD_INPUT',
        message:
          'bar 0 (ts 2024-02-01T00:00:00.000Z), column volume: volume Infinity is not a finite number (rule not_finite); nothing was written, fix or leave out that bar',
      });
      expect(stagedFiles(dir)).toEqual([]);
    });
  });
});
