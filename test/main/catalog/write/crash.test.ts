import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../../src-main/engines/catalog/index';
import type { Bar } from '../../../../src-shared/domain/bar';
import { DAY, MINUTE } from '../../../../src-shared/domain/timeframe';
import { barsCsv, CLI, minuteBars, storedBars, T0, tempDirAll } from '../helpers';

const KEY = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;
const SERIES = 'BINANCE:BTCUSDT:1m';
const SERIES_DIR = 'bars/venue=BINANCE/symbol=BTCUSDT/timeframe=1m';

// Old state: Jan 31 23:00 .. Feb 1 00:59 (two partitions) plus a day in mid-February.
const OLD = [...minuteBars(T0, 120, 100), ...minuteBars(T0 + 10 * DAY, 1440, 300)];
// The write: overwrite Jan 31 23:30 .. Mar 1 00:09 with every 5th minute and new values (touches Jan,
// Feb and a new March partition; removes most old bars in its span).
const INCOMING = minuteBars(T0 + 30 * MINUTE, 8366, 900, 5 * MINUTE);

const barsOf = (dir: string): Promise<Bar[]> => storedBars(dir, KEY);

/** Files in the series folder and manifest folder: no temp files, exactly the manifest's partitions. */
function assertNoLeftovers(dir: string): void {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifests/BINANCE~BTCUSDT~1m.json'), 'utf8'));
  const files = readdirSync(path.join(dir, SERIES_DIR)).sort();
  expect(files).toEqual(manifest.partitions.map((p: { file: string }) => p.file).sort());
  expect(readdirSync(path.join(dir, 'manifests'))).toEqual(['BINANCE~BTCUSDT~1m.json']);
  // Leftovers of an interrupted write are known to be ours: deleted, not quarantined.
  expect(existsSync(path.join(dir, '.quarantine'))).toBe(false);
}

describe('crash safety: a writer killed with SIGKILL leaves the old or the new state', () => {
  let base: string;
  let work: string;
  const tmp = tempDirAll('barcat-crash-');
  let oldBars: Bar[];
  let newBars: Bar[];
  let csvFile: string;

  beforeAll(async () => {
    work = tmp();
    base = path.join(work, 'base');
    const cat = await openCatalog(base);
    await cat.write(KEY, batchFromBars(OLD), 'merge');
    await cat.close();
    csvFile = path.join(work, 'incoming.csv');
    writeFileSync(csvFile, barsCsv(INCOMING));
    oldBars = await barsOf(base);
    // The new state: the same write, uninterrupted, on a copy.
    const clean = path.join(work, 'clean');
    cpSync(base, clean, { recursive: true });
    const r = spawnSync('node', [CLI, 'write', SERIES, '--mode', 'overwrite', csvFile, '--catalog', clean]);
    expect(r.status, r.stderr.toString()).toBe(0);
    newBars = await barsOf(clean);
    expect(newBars).not.toEqual(oldBars);
    expect(newBars.length).toBe(30 + INCOMING.length);
  });

  const stages: [string, 'old' | 'new'][] = [
    ['write-start', 'old'],
    ['partition-temp-written#1', 'old'],
    ['partition-renamed#1', 'old'],
    ['partition-temp-written#2', 'old'],
    ['partition-renamed#2', 'old'],
    ['partition-renamed#3', 'old'],
    ['before-manifest', 'old'],
    ['manifest-temp-written', 'old'],
    ['after-manifest', 'new'],
    ['superseded-deleted#1', 'new'],
  ];
  for (const [stage, expected] of stages) {
    it(`killed at ${stage}: ${expected} state, leftovers cleaned on next open`, async () => {
      const dir = path.join(work, `crash-${stage.replace('#', '-')}`);
      cpSync(base, dir, { recursive: true });
      const r = spawnSync('node', [CLI, 'write', SERIES, '--mode', 'overwrite', csvFile, '--catalog', dir], {
        env: { ...process.env, BARCAT_CRASH_AT: stage },
      });
      expect(r.signal).toBe('SIGKILL');
      expect(await barsOf(dir)).toEqual(expected === 'old' ? oldBars : newBars);
      assertNoLeftovers(dir);
      // The catalog stays writable: the stale lock of the dead writer is recovered.
      const again = spawnSync('node', [
        CLI,
        'write',
        SERIES,
        '--mode',
        'overwrite',
        csvFile,
        '--catalog',
        dir,
      ]);
      expect(again.status, again.stderr.toString()).toBe(0);
      expect(await barsOf(dir)).toEqual(newBars);
      assertNoLeftovers(dir);
    });
  }

  it('killed at arbitrary moments: always old or new, never a mix', async () => {
    const delays = [60, 120, 180, 240, 300, 360];
    for (const delay of delays) {
      const dir = path.join(work, `timed-${delay}`);
      cpSync(base, dir, { recursive: true });
      const child = spawn('node', [CLI, 'write', SERIES, '--mode', 'overwrite', csvFile, '--catalog', dir]);
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      setTimeout(() => child.kill('SIGKILL'), delay);
      await exited;
      const bars = await barsOf(dir);
      expect([oldBars.length, newBars.length]).toContain(bars.length);
      expect(bars).toEqual(bars.length === oldBars.length ? oldBars : newBars);
      assertNoLeftovers(dir);
    }
  });
});
