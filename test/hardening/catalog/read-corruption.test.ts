import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  batchFromBars,
  type Catalog,
  openCatalog,
  tableToBars,
} from '../../../src-main/engines/catalog/index';
import { arrowToBatch } from '../../../src-main/engines/catalog/parquet/arrow';
import { decodeParquet } from '../../../src-main/engines/catalog/parquet/codec';
import { sha256Hex } from '../../../src-main/plumbing/sha256';
import { cli } from '../../main/catalog/cli-io';
import { minuteBars, tempDirEach } from '../../main/catalog/helpers';
import { catalogWith, KEY, MARCH, SERIES, SERIES_DIR } from '../fixture';

// Issue 12, item 4: a read answers CORRUPT naming the file, never with wrong bars.
describe('reads detect a damaged partition file', () => {
  const dir = tempDirEach('barcat-rot-');
  let cat: string;
  let file: string;
  const BARS = minuteBars(MARCH, 1000);
  beforeEach(async () => {
    cat = await catalogWith(dir(), BARS);
    file = path.join(cat, SERIES_DIR, '2024-03.v1.parquet');
  });

  /** Flips 8 bytes of the first open price's page: the file still decodes, to a high below the open. */
  function flipBytes(): void {
    const bytes = readFileSync(file);
    const good = sha256Hex(bytes);
    for (let i = 103; i < 111; i++) bytes[i]! ^= 0x01;
    const decoded = arrowToBatch(decodeParquet(bytes));
    expect(decoded.length).toBe(1000);
    expect(decoded.open[0]).toBe(6292484);
    expect(decoded.high[0]).toBe(100.5);
    writeFileSync(file, bytes);
    damage = `partition file ${file} is damaged: its sha256 is ${sha256Hex(bytes).slice(0, 12)}…, its manifest says ${good.slice(0, 12)}…; run "barcat verify" to quarantine it`;
  }
  let damage = '';

  it('query through the CLI exits with CORRUPT naming the file', async () => {
    flipBytes();
    const q = await cli(['query', SERIES, '--catalog', cat]);
    expect(q).toMatchObject({ code: 1, stdout: '', stderr: `barcat: ${damage}\n` });
  });

  it('a file damaged after this process read it is caught on the next read, by query, count and write', async () => {
    const catalog: Catalog = await openCatalog(cat);
    try {
      expect(tableToBars(await catalog.query(KEY, undefined))).toEqual(BARS);
      flipBytes();
      const corrupt = { code: 'CORRUPT', message: damage };
      await expect(catalog.query(KEY, { from: MARCH, to: MARCH + 60_000 })).rejects.toMatchObject(corrupt);
      await expect(
        catalog.countExisting(KEY, { from: MARCH + 1, to: MARCH + 120_000 }),
      ).rejects.toMatchObject(corrupt);
      // A merge must not copy the damage into a new file with a fresh checksum.
      const before = readFileSync(file);
      await expect(catalog.write(KEY, batchFromBars(minuteBars(MARCH, 1, 7)), 'merge')).rejects.toMatchObject(
        corrupt,
      );
      expect(readFileSync(file)).toEqual(before);
    } finally {
      await catalog.close();
    }
  });
});
