import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { previewTicks } from '../../../src-main/app/jobs/tick-import-jobs';
import { storedTicks, type TickWorkspace, tickWorkspaces, us } from './helpers';

const workspace = tickWorkspaces();

const NAME = 'DAT_ASCII_EURUSD_T_202007.csv';
// Line 1 is a tick (no header): a BOM there must not make it a bad row in the preview or the import.
const TEXT = '20200701 170000065,1.121200,1.121720,0\n20200701 170010447,1.121200,1.121920,0\n';

function write(ws: TickWorkspace, sub: string, bom: boolean): string {
  const dir = path.join(ws.dir, sub);
  mkdirSync(dir);
  const f = path.join(dir, NAME);
  writeFileSync(f, bom ? `\ufeff${TEXT}` : TEXT);
  return f;
}

describe('a UTF-8 BOM on line 1 of a tick file', () => {
  it('previews the same ticks as the file without it (both ticks shown)', async () => {
    const ws = await workspace();
    const [a, b] = [write(ws, 'plain', false), write(ws, 'bom', true)];
    const plain = await previewTicks({ path: a }, a, NAME);
    const bommed = await previewTicks({ path: b }, b, NAME);
    expect(bommed).toEqual(plain);
    expect(bommed?.card?.rows).toEqual([
      { ts: Date.UTC(2020, 6, 1, 22, 0, 0, 65), values: [1.1212, 1.12172, null, null] },
      { ts: Date.UTC(2020, 6, 1, 22, 0, 10, 447), values: [1.1212, 1.12192, null, null] },
    ]);
  });

  it('imports the same ticks as the file without it, line 1 included', async () => {
    const ws = await workspace();
    const r = await ws.cli(['import', write(ws, 'bom', true), '--ticks', 'keep']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await storedTicks(ws.catalog, { venue: 'HISTDATA', symbol: 'EURUSD', kind: 'quotes' })).toEqual([
      [us(2020, 7, 1, 22, 0, 0, 65), 1.1212, 1.12172, Number.NaN, Number.NaN],
      [us(2020, 7, 1, 22, 0, 10, 447), 1.1212, 1.12192, Number.NaN, Number.NaN],
    ]);
  });
});
