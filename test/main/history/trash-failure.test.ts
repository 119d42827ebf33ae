import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { catalogWithTwoImports, cleanVerify, filesUnder, workFolder } from './snapshot';

const KEY: SeriesKey = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' };

// A restore failing halfway (its history cannot go back: a file stands where the history folder
// was) must not leave the bars live and the manifest in the trash: everything goes back at once.
describe('a restore that fails midway', () => {
  const work = workFolder('barcat-trash-fail-');

  it('leaves the series whole in the trash, no journal, verify clean; it restores once the way is clear', async () => {
    const dir = path.join(work(), 'c');
    const c = await catalogWithTwoImports(dir, KEY, 120, 50, 90);
    const entry = await c.deleteSeries(KEY);
    const trashed = filesUnder(path.join(dir, 'trash', entry.id));
    expect(trashed).toContain('manifest.json');
    expect(trashed).toContain('history/2/entry.json');
    rmSync(path.join(dir, 'history'), { recursive: true, force: true });
    writeFileSync(path.join(dir, 'history'), 'not a folder\n');
    await expect(c.restoreFromTrash(entry.id)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(filesUnder(path.join(dir, 'trash', entry.id))).toEqual(trashed);
    expect(existsSync(path.join(dir, 'bars/venue=BINANCE'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('trash.json'))).toEqual([]);
    expect(await c.listSeries()).toEqual([]);
    expect(await c.verify()).toEqual(cleanVerify(0));
    rmSync(path.join(dir, 'history'));
    expect(await c.restoreFromTrash(entry.id)).toEqual(entry);
    expect((await c.listSeries()).map((s) => s.id)).toEqual(['BINANCE:BTCUSDT:1m']);
    expect(await c.verify()).toEqual(cleanVerify(2));
    await c.close();
  });
});
