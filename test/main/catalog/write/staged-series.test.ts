import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  arrowToBatch,
  readManifest,
  StagedSeries,
  type StagingCatalog,
  stagingEncoder,
} from '../../../../src-main/engines/catalog/index';
import { partitionPath } from '../../../../src-main/engines/catalog/partition-io';
import { coveredRuns } from '../../../../src-main/engines/catalog/read/coverage';
import { sha256Hex } from '../../../../src-main/plumbing/sha256';
import { catalogEach, minuteBatch } from '../helpers';

const KEY = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;
const START = Date.UTC(2024, 1, 1);
const ROWS = 5_000;

describe('StagedSeries.stage with an encode worker', () => {
  const opened = catalogEach('barcat-staged-series-');

  it('reads the bars before it returns: the caller may overwrite them at once, the entry matches the file', async () => {
    const { dir, cat } = opened();
    const bars = minuteBatch(START, ROWS);
    const expected = minuteBatch(START, ROWS);
    const encoder = stagingEncoder(1);
    const staged = new StagedSeries(cat as StagingCatalog, KEY, await cat.stagingArea!());
    try {
      const entry = staged.stage('2024-02', bars, encoder);
      // The caller reuses its arrays for the next partition before the encode has finished.
      bars.ts.fill(START + 86_400_000 * 3);
      bars.close.fill(1);
      bars.length = 10;
      const e = await entry;
      expect([e.minTs, e.maxTs, e.rows]).toEqual([START, START + (ROWS - 1) * 60_000, ROWS]);
      await staged.commit('skip', { source: 'test' });
    } finally {
      await staged.discard();
      await encoder.close();
    }
    const part = (await readManifest(dir, KEY))!.partitions[0]!;
    const file = readFileSync(partitionPath(dir, KEY, part));
    expect({ ...part, file: '', writtenAt: 0 }).toEqual({
      key: '2024-02',
      file: '',
      writtenAt: 0,
      minTs: START,
      maxTs: START + (ROWS - 1) * 60_000,
      rows: ROWS,
      bytes: file.length,
      sha256: sha256Hex(file),
      rowGroups: part.rowGroups,
      covered: coveredRuns(expected.ts, KEY.timeframe),
      extraColumns: ['trades', 'vwap'],
    });
    // The row groups span the partition's rows, first to last bar.
    expect(part.rowGroups.reduce((n, g) => n + g.rows, 0)).toBe(ROWS);
    expect([part.rowGroups[0]!.minTs, part.rowGroups.at(-1)!.maxTs]).toEqual([
      START,
      START + (ROWS - 1) * 60_000,
    ]);
    const got = arrowToBatch(await cat.query(KEY, undefined));
    expect(Array.from(got.ts)).toEqual(Array.from(expected.ts));
    expect(Array.from(got.close)).toEqual(Array.from(expected.close));
  });
});
