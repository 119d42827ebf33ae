import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { MINUTE } from '../../../src-shared/domain/timeframe';
import { CLI, minuteBars, T0 } from '../catalog/helpers';
import { cleanVerify, filesUnder, seriesState, workFolder } from './snapshot';

const KEY: SeriesKey = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' };

// Every point of the restore a kill can hit: before the restored manifest commits, the undo is
// rolled back (the retained files go back to the history); after it, it is finished.
const STAGES: [string, 'rolled back' | 'finished'][] = [
  ['undo-journal-written', 'rolled back'],
  ['undo-file-restored#1', 'rolled back'],
  ['undo-file-restored#2', 'rolled back'],
  ['manifest-temp-written', 'rolled back'],
  ['undo-manifest-written', 'finished'],
  ['undo-file-removed#1', 'finished'],
  ['undo-file-removed#2', 'finished'],
  ['undo-entries-removed', 'finished'],
];

describe('undo is crash-safe (SIGKILL at each point of the restore)', () => {
  const work = workFolder('barcat-undo-crash-');
  let base: string;
  let before: ReturnType<typeof seriesState>;
  let after: ReturnType<typeof seriesState>;
  beforeAll(async () => {
    base = path.join(work(), 'base');
    const c = await openCatalog(base);
    await c.write(KEY, batchFromBars(minuteBars(T0, 120, 100)), 'merge', { source: 'import:a' });
    before = seriesState(base);
    await c.write(KEY, batchFromBars(minuteBars(T0 + 50 * MINUTE, 90, 200)), 'merge', { source: 'import:b' });
    after = seriesState(base);
    await c.close();
  });

  for (const [stage, outcome] of STAGES) {
    it(`killed at ${stage}: ${outcome} on the next open, verify clean`, async () => {
      const dir = path.join(work(), stage.replace('#', '-'));
      cpSync(base, dir, { recursive: true });
      const r = spawnSync(process.execPath, [CLI, 'undo', 'BINANCE:BTCUSDT:1m', '--catalog', dir], {
        env: { ...process.env, BARCAT_CRASH_AT: stage },
      });
      expect(r.signal).toBe('SIGKILL');
      const c = await openCatalog(dir);
      expect(await c.verify()).toEqual(cleanVerify(2));
      const kept = filesUnder(path.join(dir, 'history'));
      if (outcome === 'rolled back') {
        expect(seriesState(dir)).toEqual(after);
        expect(kept).toEqual(filesUnder(path.join(base, 'history')));
        // The undo can simply be run again.
        expect((await c.undo(KEY)).undone).toEqual([2]);
      } else expect(kept).toEqual(['BINANCE~BTCUSDT~1m/1/entry.json']);
      expect(seriesState(dir)).toEqual(before);
      expect(filesUnder(path.join(dir, 'history'))).toEqual(['BINANCE~BTCUSDT~1m/1/entry.json']);
      expect(filesUnder(dir).filter((f) => f.startsWith('.quarantine'))).toEqual([]);
      await c.close();
    });
  }
});
