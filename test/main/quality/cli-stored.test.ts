import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { manifestPath } from '../../../src-main/engines/catalog/disk/layout';
import { openCatalog } from '../../../src-main/engines/catalog/index';
import { findingId, resultsPath } from '../../../src-main/engines/quality/index';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { CLI, fileTempDir } from '../catalog/helpers';
import { grid, plantStale, walk } from './synthetic';

const T0 = Date.UTC(2024, 0, 1);
const KEY: SeriesKey = { venue: 'BINANCE', symbol: 'BAD', timeframe: '1m' };
const SPIKE = findingId({ check: 'spike', from: T0 + 600 * 60_000, to: T0 + 601 * 60_000, field: 'low' });
const STALE = findingId({ check: 'stale_run', from: T0 + 800 * 60_000, to: T0 + 806 * 60_000 });

/** `barcat quality ARGS` as a user runs it: the built CLI in its own process. */
function quality(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'quality', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The table `barcat quality BINANCE:BAD:1m` prints, with the spike's deviations as given. */
const table = (deviations: string) =>
  [
    'BINANCE:BAD:1m (calendar 24x7, crypto defaults): 2 findings',
    'CHECK       COUNT  FIRST FINDINGS',
    `spikes          1  2024-01-01T10:00:00Z low 88.954417 after 98.881348, back to 98.815347 1 bar later (${deviations} deviations) [${SPIKE}]`,
    `stale runs      1  2024-01-01T13:20:00Z..2024-01-01T13:26:00Z 6 identical bars at 98.976111 with zero volume (run of 6) [${STALE}]`,
    '',
  ].join('\n');

describe('barcat quality with stored results', () => {
  // One test: the catalog it walks through every state is made once.
  const { catalogDir: cat } = fileTempDir('barcat-quality-stored-');
  beforeAll(async () => {
    const catalog = await openCatalog(cat);
    const bad = walk(grid(T0, 1440), 3);
    bad.low[600] = bad.low[600]! * 0.9;
    plantStale(bad, 800, 806);
    await catalog.write(KEY, bad, 'merge');
    await catalog.close();
  });

  it('prints the results stored for the current generation, recomputes with --refresh or after a write', async () => {
    expect(quality('BINANCE:BAD:1m', '--catalog', cat)).toEqual({
      code: 1,
      stdout: table('226.52'),
      stderr: '',
    });
    const file = resultsPath(cat, KEY);
    const stored = readFileSync(file, 'utf8');
    const { ino } = statSync(file);

    // Current: printed as stored and not written again (same bytes, same file). A score edited in
    // the stored file shows it is what is printed, not a recomputation.
    const edited = JSON.parse(stored);
    edited.partitions[0].findings[0].score = 999;
    writeFileSync(file, `${JSON.stringify(edited)}\n`);
    expect(quality('BINANCE:BAD:1m', '--catalog', cat)).toEqual({
      code: 1,
      stdout: table('999'),
      stderr: '',
    });
    const json = JSON.parse(quality('BINANCE:BAD:1m', '--json', '--catalog', cat).stdout);
    expect(json.series[0]).toMatchObject({ partitionsRecomputed: 0, partitionsTotal: 1, generation: 1 });
    expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify(edited)}\n`);
    expect(statSync(file).ino).toBe(ino);

    // Asked for: recomputed and stored again.
    expect(quality('BINANCE:BAD:1m', '--refresh', '--catalog', cat)).toEqual({
      code: 1,
      stdout: table('226.52'),
      stderr: '',
    });
    expect(JSON.parse(readFileSync(file, 'utf8')).partitions).toEqual(JSON.parse(stored).partitions);

    // Only the generation moved (the manifest rewritten, its partitions as they were): every
    // partition's inputs match, nothing is recomputed, but the results are stored again under the
    // new generation, so the next run prints them as stored and writes nothing.
    const manifestFile = manifestPath(cat, KEY);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, generation: manifest.generation + 1 }));
    const moved = JSON.parse(quality('BINANCE:BAD:1m', '--json', '--catalog', cat).stdout);
    expect(moved.series[0]).toMatchObject({ partitionsRecomputed: 0, generation: 2 });
    expect(JSON.parse(readFileSync(file, 'utf8')).generation).toBe(2);
    const storedAgain = statSync(file);
    quality('BINANCE:BAD:1m', '--catalog', cat);
    expect([statSync(file).ino, statSync(file).mtimeMs]).toEqual([storedAgain.ino, storedAgain.mtimeMs]);

    // Stale after a write (60 more bars, a new generation): recomputed without asking.
    const catalog = await openCatalog(cat);
    await catalog.write(KEY, walk(grid(T0 + 1440 * 60_000, 60), 4, 99), 'merge');
    await catalog.close();
    writeFileSync(file, `${JSON.stringify(edited)}\n`);
    const after = JSON.parse(quality('BINANCE:BAD:1m', '--json', '--catalog', cat).stdout);
    expect(after.series[0]).toMatchObject({ partitionsRecomputed: 1, generation: 3 });
    expect(after.series[0].findings[0].score).not.toBe(999);
  });
});
