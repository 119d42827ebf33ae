import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../../src-main/engines/catalog/index';
import { partitionPath } from '../../../src-main/engines/catalog/partition-io';
import type { PieceRequest } from '../../../src-main/engines/quality/check-piece';
import { checkPieces } from '../../../src-main/engines/quality/check-pool';
import { checkedInWorkers, DEFAULT_SETTINGS } from '../../../src-main/engines/quality/index';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { MINUTE } from '../../../src-shared/domain/timeframe';
import { catalogEach } from '../catalog/helpers';
import { FEB, iso, MAR, summary } from './borders';
import { grid, walk } from './synthetic';

const KEY: SeriesKey = { venue: 'BINANCE', symbol: 'ADAUSDT', timeframe: '1m' };
const JAN = Date.UTC(2024, 0, 1);
const APR = Date.UTC(2024, 3, 1);
const BAD = FEB + 14 * 1440 * MINUTE;

describe('a quality worker piece whose partition file a write superseded', () => {
  const opened = catalogEach('barcat-quality-superseded-', async (catalog) => {
    await catalog.write(KEY, walk(grid(JAN, (APR - JAN) / MINUTE), 9), 'merge');
  });

  it('is checked again on the calling thread, over the bars the series now holds', async () => {
    const { dir, cat } = opened();
    // The pieces of a refresh that read the manifest before a write to February committed.
    const parts = (await readManifest(dir, KEY))!.partitions;
    const piece = (from: number, to: number): PieceRequest => ({
      dir,
      key: KEY,
      calendar: '24x7',
      settings: DEFAULT_SETTINGS.crypto,
      range: { from, to },
      partitions: parts.filter((p) => p.minTs < to && p.maxTs >= from),
    });
    const pieces = [piece(JAN, MAR), piece(MAR, APR)];
    const oldFeb = partitionPath(dir, KEY, parts[1]!);
    // The write: a bad low mid-February; February's old file leaves the series folder.
    const bad = walk([BAD], 9, 100);
    const before = await cat.query(KEY, { from: BAD - MINUTE, to: BAD });
    bad.open[0] = Number(before.getChild('close')!.get(0));
    bad.close[0] = bad.open[0];
    bad.high[0] = bad.open[0];
    bad.low[0] = bad.open[0] * 0.8;
    await cat.write(KEY, bad, 'merge');
    expect(existsSync(oldFeb)).toBe(false);

    const inWorkers = checkedInWorkers.pieces;
    const found = await checkPieces(cat, pieces, 0, 0);
    expect(checkedInWorkers.pieces - inWorkers).toBe(2);
    // The same findings as both pieces checked here, the new bad low among them.
    expect(found).toEqual(await checkPieces(cat, pieces, 0, Number.POSITIVE_INFINITY));
    expect(summary(found[0]!)).toEqual([['spike', iso(BAD), iso(BAD + MINUTE), 1, 'low']]);
    expect(found[1]).toEqual([]);
  });
});
