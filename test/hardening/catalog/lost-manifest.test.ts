import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog, tableToBars } from '../../../src-main/engines/catalog/index';
import { runMaintenance } from '../../../src-main/engines/catalog/maintenance/maintenance';
import { MINUTE } from '../../../src-shared/domain/timeframe';
import { cli } from '../../main/catalog/cli-io';
import { barsCsv, minuteBars, tempDirEach } from '../../main/catalog/helpers';
import { catalogWith, editManifest, KEY, MANIFEST, MARCH, SERIES, SERIES_DIR } from '../fixture';

// Issue 12, item 2: a write never replaces a partition file it does not know about.
describe('a lost or lagging manifest loses no bars', () => {
  const dir = tempDirEach('barcat-lost-');
  let cat: string;
  const BARS = minuteBars(MARCH, 1000);
  const MORE = minuteBars(MARCH + 1000 * MINUTE, 10, 200);
  beforeEach(async () => {
    cat = await catalogWith(dir(), BARS);
    writeFileSync(path.join(dir(), 'more.csv'), barsCsv(MORE));
  });

  it('verify reports the files of a lost manifest, a write is refused, rebuild adopts them', async () => {
    const file = path.join(cat, SERIES_DIR, '2024-03.v1.parquet');
    const bytes = readFileSync(file);
    rmSync(path.join(cat, MANIFEST));
    const v = await cli(['verify', '--catalog', cat]);
    expect(v).toMatchObject({ code: 1, stderr: '' });
    expect(v.stdout).toBe(
      `0 partitions checked, 0 ok, 0 quarantined\nunlisted partition file ${file} (${SERIES}): no manifest lists it; run "barcat rebuild" to adopt it\n`,
    );
    const write = ['write', SERIES, '--mode', 'merge', path.join(dir(), 'more.csv'), '--catalog', cat];
    const w = await cli(write);
    expect(w).toMatchObject({ code: 1, stdout: '' });
    expect(w.stderr).toBe(
      `barcat: series ${SERIES} has no manifest, but its folder ${path.dirname(file)} holds 1 partition files (2024-03.v1.parquet); run "barcat rebuild" to adopt them, then write again\n`,
    );
    expect(readFileSync(file)).toEqual(bytes);
    const r = await cli(['rebuild', '--catalog', cat]);
    expect(r).toMatchObject({ code: 0, stdout: 'rebuilt 1 manifests for 1 series (1 partitions)\n' });
    expect(await cli(write)).toMatchObject({
      code: 0,
      stdout: `${SERIES}: added 10, replaced 0, removed 0, skipped 0; 1 partition files written\n`,
    });
    const catalog = await openCatalog(cat);
    try {
      expect(tableToBars(await catalog.query(KEY, undefined))).toEqual([...BARS, ...MORE]);
    } finally {
      await catalog.close();
    }
    expect((await cli(['verify', '--catalog', cat])).code).toBe(0);
  });

  it("the app's verify job lists the unlisted file under what a rebuild repairs", async () => {
    rmSync(path.join(cat, MANIFEST));
    const r = await runMaintenance(cat, 'verify', { lockWaitMs: 100 });
    expect(r).toMatchObject({ series: 0, partitionsChecked: 0, quarantined: [] });
    expect(r.brokenManifests).toEqual([
      `${SERIES_DIR}/2024-03.v1.parquet: partition file no manifest lists; run "Rebuild manifests" to adopt it`,
    ]);
  });

  it('a write picks a generation above every file on disk when the manifest lags', async () => {
    // Hand-lowered (or restored from an old backup): the next generation's file name is taken.
    editManifest(cat, (m) => {
      m.generation = 0;
    });
    const catalog = await openCatalog(cat);
    try {
      await catalog.write(KEY, batchFromBars(MORE), 'merge');
      expect(tableToBars(await catalog.query(KEY, undefined))).toEqual([...BARS, ...MORE]);
      const m = JSON.parse(readFileSync(path.join(cat, MANIFEST), 'utf8'));
      expect(m).toMatchObject({ generation: 2, partitions: [{ file: '2024-03.v2.parquet', rows: 1010 }] });
    } finally {
      await catalog.close();
    }
  });
});
