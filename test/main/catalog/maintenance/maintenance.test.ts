import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { maintenanceMessage, problemLines } from '../../../../src-main/app/jobs/maintenance-jobs';
import { batchFromBars, openCatalog } from '../../../../src-main/engines/catalog/index';
import { runMaintenance } from '../../../../src-main/engines/catalog/maintenance/maintenance';
import { quarantinedCount } from '../../../../src-shared/domain/job';
import { MINUTE } from '../../../../src-shared/domain/timeframe';
import { minuteBars, tempDir } from '../helpers';

const KEY = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;
const SERIES_DIR = 'bars/venue=BINANCE/symbol=BTCUSDT/timeframe=1m';

describe('a verify that quarantines more files than a job lists', () => {
  it('lists the first ones, counts them all, and moves every one', async () => {
    const { dir, cleanup } = tempDir('barcat-maint-cap-');
    try {
      const cat = await openCatalog(dir);
      // Three months with a few bars each: three partition files.
      const bars = [0, 1, 2].flatMap((m) => minuteBars(Date.UTC(2024, m, 1), 3, 100, MINUTE));
      await cat.write(KEY, batchFromBars(bars), 'merge');
      await cat.close();
      const files = ['2024-01', '2024-02', '2024-03'].map((m) =>
        path.join(dir, SERIES_DIR, `${m}.v1.parquet`),
      );
      for (const f of files) {
        const b = readFileSync(f);
        b[Math.floor(b.length / 2)]! ^= 0xff;
        writeFileSync(f, b);
      }
      const r = await runMaintenance(dir, 'verify', { lockWaitMs: 100, maxListed: 2 });
      expect(r.quarantined.map((q) => q.file)).toEqual([
        `${SERIES_DIR}/2024-01.v1.parquet`,
        `${SERIES_DIR}/2024-02.v1.parquet`,
      ]);
      expect(r.quarantinedTotal).toBe(3);
      expect(quarantinedCount(r)).toBe(3);
      expect(r).toMatchObject({ partitionsChecked: 3, ok: 0 });
      for (const f of files) {
        expect(existsSync(f)).toBe(false);
        expect(existsSync(path.join(dir, '.quarantine', path.relative(dir, f)))).toBe(true);
      }
    } finally {
      cleanup();
    }
  });
});

describe('quarantinedCount', () => {
  it('reads a job saved before the total was kept from its list', () => {
    const base = {
      kind: 'verify' as const,
      series: 1,
      partitionsChecked: 1,
      ok: 0,
      brokenManifests: [],
      manifestsWritten: 1,
      seriesChanged: [],
      stopped: false,
    };
    const q = { series: null, file: 'a', movedTo: 'b', reason: 'r', lostRange: null };
    expect(quarantinedCount({ ...base, quarantined: [q] })).toBe(1);
    expect(quarantinedCount({ ...base, quarantined: [q], quarantinedTotal: 5 })).toBe(5);
  });
});

describe('the job of a verify that quarantined more than it lists', () => {
  it('says how many files in all, and the copied findings say where the rest are', () => {
    const q = (i: number) => ({
      series: 'BINANCE:BTCUSDT:1m',
      file: `${SERIES_DIR}/2024-0${i}.v1.parquet`,
      movedTo: `.quarantine/${SERIES_DIR}/2024-0${i}.v1.parquet`,
      reason: 'not readable as Parquet',
      lostRange: null,
    });
    const r = {
      kind: 'verify' as const,
      series: 1,
      partitionsChecked: 1500,
      ok: 0,
      quarantined: [q(1), q(2)],
      quarantinedTotal: 1500,
      brokenManifests: [],
      manifestsWritten: 1,
      seriesChanged: ['BINANCE:BTCUSDT:1m'],
      stopped: false,
    };
    expect(maintenanceMessage(r)).toBe(
      '0 of 1,500 partition files intact. 1,500 files moved to .quarantine (nothing deleted); the bars in them now show as gaps: backfill or re-import those ranges.',
    );
    expect(problemLines(r)).toEqual([
      `${SERIES_DIR}/2024-01.v1.parquet: not readable as Parquet (moved to .quarantine/${SERIES_DIR}/2024-01.v1.parquet)`,
      `${SERIES_DIR}/2024-02.v1.parquet: not readable as Parquet (moved to .quarantine/${SERIES_DIR}/2024-02.v1.parquet)`,
      '…and 1,498 more files in .quarantine, each with its reason in a .why.txt beside it',
    ]);
  });
});
