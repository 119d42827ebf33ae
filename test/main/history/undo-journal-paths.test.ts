import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { minuteBars, T0 } from '../catalog/helpers';
import { workFolder } from './snapshot';

const KEY: SeriesKey = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' };
const SERIES = 'bars/venue=BINANCE/symbol=BTCUSDT/timeframe=1m';
const JOURNAL = 'history/BINANCE~BTCUSDT~1m/undo.json';

// A damaged undo journal naming a path out of the series folder: recovery (run on every sweep of
// the series) must refuse it, never delete or move the file it points at.
describe('an undo journal naming a path is refused', () => {
  const work = workFolder('barcat-undo-journal-');

  for (const [what, committed] of [
    ['remove (finish after commit)', true],
    ['restore (roll back before commit)', false],
  ] as const) {
    it(`a ${what} entry "../…" leaves the file outside untouched`, async () => {
      const cat = path.join(work(), committed ? 'finish' : 'rollback');
      const sentinel = path.join(work(), `sentinel-${committed}.txt`);
      writeFileSync(sentinel, 'keep me\n');
      const c = await openCatalog(cat);
      await c.write(KEY, batchFromBars(minuteBars(T0, 10, 100)), 'merge');
      const bad = path.relative(path.join(cat, SERIES), sentinel);
      mkdirSync(path.dirname(path.join(cat, JOURNAL)), { recursive: true });
      const journal = committed
        ? { generation: 1, popped: [], restore: [], remove: [bad] }
        : { generation: 99, popped: [], restore: [{ file: bad, from: 1 }], remove: [] };
      writeFileSync(path.join(cat, JOURNAL), JSON.stringify(journal));
      await expect(c.write(KEY, batchFromBars(minuteBars(T0, 10, 200)), 'merge')).rejects.toThrow(
        `journal ${path.join(cat, JOURNAL)} is unreadable`,
      );
      await expect(c.verify()).rejects.toThrow('is not a partition file name (like 2024-01.v3.parquet)');
      expect(readFileSync(sentinel, 'utf8')).toBe('keep me\n');
      expect(existsSync(path.join(cat, JOURNAL))).toBe(true);
      await c.close();
    });
  }
});
