import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  batchFromBars,
  openCatalog,
  readOps,
  writeDbWatermark,
} from '../../../src-main/engines/catalog/index';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { MINUTE } from '../../../src-shared/domain/timeframe';
import { cli } from '../catalog/cli-io';
import { minuteBars, T0 } from '../catalog/helpers';
import { seriesState, workFolder } from './snapshot';

const KEY: SeriesKey = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' };
const ID = 'BINANCE:BTCUSDT:1m';
const HASH = 'ab'.repeat(16);
const OTHER = 'cd'.repeat(16);
const SOURCE = 'postgres://u@h:5432/db table history';

// Every import-db run writes as import-db:HASH, so an undo takes back chunks of several runs while
// the watermark stays past them: the next run would never bring those rows back.
describe('undo of a database import', () => {
  const work = workFolder('barcat-undo-db-');

  it("removes that source's watermark (others stay) and says the next run starts over", async () => {
    const dir = path.join(work(), 'c');
    const c = await openCatalog(dir);
    await c.write(KEY, batchFromBars(minuteBars(T0, 60, 100)), 'merge', { source: 'import:csv' });
    const before = seriesState(dir);
    for (const [i, from] of [0, 60].entries())
      await c.write(KEY, batchFromBars(minuteBars(T0 + (60 + from) * MINUTE, 60, 200 + i)), 'merge', {
        source: `import-db:${HASH}`,
      });
    const mark = { source: SOURCE, key: ['2024-02-01 00:59:00', 'BINANCE'], rows: 120, updatedAt: 'x' };
    await writeDbWatermark(dir, HASH, mark);
    await writeDbWatermark(dir, OTHER, { ...mark, source: 'other' });
    await c.close();
    const r = await cli(['undo', ID, '--catalog', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(2)).toEqual([
      `the database import of ${SOURCE} starts over: its next "barcat import-db" run reads the source from the start (it had read 120 rows)`,
      '',
    ]);
    expect(seriesState(dir)).toEqual(before);
    expect(existsSync(path.join(dir, 'db-imports', `${HASH}.json`))).toBe(false);
    expect(existsSync(path.join(dir, 'db-imports', `${OTHER}.json`))).toBe(true);
    const op = (await readOps(dir)).find((o) => o.op === 'undo');
    expect(op).toMatchObject({ undone: [3, 2], dbImportReset: { source: SOURCE, rows: 120 } });
  });
});
