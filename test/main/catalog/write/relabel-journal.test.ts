import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  batchFromBars,
  type Catalog,
  openCatalog,
  readManifest,
  tableToBars,
} from '../../../../src-main/engines/catalog/index';
import { catalogEach, minuteBars, T0 } from '../helpers';

// The relabel journal (engines/catalog/write/relabel.ts) through Catalog.relabelSeries, the call the
// "change timeframe label" makes: what it refuses, and whose journal a recovery may touch.
const MIN = 60_000;
const FROM = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;
const TO = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '5m' } as const;
const FIVE = minuteBars(T0, 6, 100, 5 * MIN);
const JOURNAL = '.barcat-relabel.json';

describe('a timeframe relabel under its journal', () => {
  let dir: string;
  let cat: Catalog;
  const opened = catalogEach('barcat-relabel-journal-', async (c) => {
    await c.write(FROM, batchFromBars(FIVE), 'merge');
  });
  beforeEach(() => {
    ({ dir, cat } = opened());
  });
  const generation = async () => (await readManifest(dir, FROM))!.generation;
  const rows = async (k: typeof FROM | typeof TO) => tableToBars(await cat.query(k, undefined));
  const writeTo = () => cat.write(TO, batchFromBars(FIVE), 'skip', { source: 'relabel' });

  it('refuses a write to the old series while the new one was written: the new one goes, no bar is lost', async () => {
    const extra = minuteBars(T0 + 30 * MIN, 1, 7, 5 * MIN);
    await expect(
      cat.relabelSeries!(
        FROM,
        TO,
        async () => {
          await writeTo();
          // Another writer (an import, a scheduled update) commits to the old series meanwhile.
          await cat.write(FROM, batchFromBars(extra), 'merge');
        },
        { source: 'test', fromGeneration: await generation() },
      ),
    ).rejects.toMatchObject({
      code: 'DATA',
      message:
        'series BINANCE:BTCUSDT:1m was written while it was relabelled; nothing changed: relabel it again',
    });
    expect((await cat.listSeries()).map((s) => s.id)).toEqual(['BINANCE:BTCUSDT:1m']);
    expect(await rows(FROM)).toEqual([...FIVE, ...extra]);
    expect(existsSync(path.join(dir, JOURNAL))).toBe(false);
  });

  it('refuses, under the lock, a target that exists, and leaves it whole', async () => {
    await writeTo();
    let wrote = false;
    await expect(
      cat.relabelSeries!(
        FROM,
        TO,
        async () => {
          wrote = true;
        },
        { source: 'test', fromGeneration: await generation() },
      ),
    ).rejects.toMatchObject({ code: 'DATA', details: { reason: 'target_exists' } });
    expect(wrote).toBe(false);
    expect(await rows(TO)).toEqual(FIVE);
    expect(await rows(FROM)).toEqual(FIVE);
  });

  it("leaves another host's unfinished relabel alone, and undoes a dead process's of this host", async () => {
    await writeTo();
    const journal = (host: string, pid: number) =>
      writeFileSync(
        path.join(dir, JOURNAL),
        JSON.stringify({
          from: FROM,
          to: TO,
          written: false,
          fromGeneration: 1,
          host,
          pid,
          processStartedAt: 1,
        }),
      );
    // Its pid (dead here) means nothing on the host that runs it: nothing is undone.
    journal('another-host', 999_999);
    await cat.close();
    cat = await openCatalog(dir);
    await cat.verify();
    expect(await rows(TO)).toEqual(FIVE);
    expect(JSON.parse(readFileSync(path.join(dir, JOURNAL), 'utf8')).host).toBe('another-host');
    // The same journal from this host's dead process: the half-written new series is removed.
    journal((await import('node:os')).hostname(), 999_999);
    await cat.rebuild();
    expect((await cat.listSeries()).map((s) => s.id)).toEqual(['BINANCE:BTCUSDT:1m']);
    expect(existsSync(path.join(dir, JOURNAL))).toBe(false);
  });
});
