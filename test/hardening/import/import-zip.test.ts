import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { arrowToBatch, openCatalog } from '../../../src-main/engines/catalog/index';
import { batchToBars } from '../../../src-main/engines/catalog/parquet/arrow';
import type { Catalog } from '../../../src-main/engines/catalog/types';
import { runImport, withMemberPlans } from '../../../src-main/engines/import/index';
import { AUDIT_DIR } from '../../../src-main/engines/import/session/audit';
import { tempDirEach } from '../../main/catalog/helpers';
import { REAL_DIR } from '../../main/import/real-files';
import { barcat } from '../import-cli';

// Issue 11 symptom 13: a dropped zip (Binance, HistData, Dukascopy ship them) is opened and its
// CSV members imported; a Binance .CHECKSUM beside it is checked; unpacking is bounded.

const CSV = path.join(REAL_DIR, 'binance-kline/BTCUSDT-1h-2024-11.csv');
const NAME = 'BTCUSDT-1h-2024-11';
const tmp = tempDirEach('barcat-zip-');
let catalog: Catalog;
let zip: string;

beforeEach(async () => {
  catalog = await openCatalog(path.join(tmp(), 'cat'));
  zip = path.join(tmp(), `${NAME}.zip`);
  const bytes = zipSync({ [`${NAME}.csv`]: readFileSync(CSV) });
  writeFileSync(zip, bytes);
  writeFileSync(`${zip}.CHECKSUM`, `${createHash('sha256').update(bytes).digest('hex')}  ${NAME}.zip\n`);
});
afterEach(async () => {
  await catalog.close();
});

const unzipDirs = () => readdirSync(os.tmpdir()).filter((n) => n.startsWith('barcat-unzip-'));

async function bars(c: Catalog, series: string) {
  const [venue, symbol, timeframe] = series.split(':') as [string, string, '1h'];
  return batchToBars(
    arrowToBatch(await c.query({ venue, symbol, timeframe }, { from: -8.64e15, to: 8.64e15 })),
  );
}

describe('zip archives', () => {
  it('imports the CSV inside to the same bars as the CSV itself, and removes what it unpacked', async () => {
    const before = unzipDirs();
    const r = await runImport(catalog, { paths: [zip] });
    expect(r.files).toHaveLength(1);
    expect(r.files[0]).toMatchObject({ status: 'imported', rowsRead: 720, rowsWritten: 720 });
    const series = r.files[0]?.series as string;
    const plain = await openCatalog(path.join(tmp(), 'plain'));
    try {
      const direct = await runImport(plain, { paths: [CSV] });
      expect(direct.files[0]?.series).toBe(series);
      expect(await bars(catalog, series)).toEqual(await bars(plain, series));
    } finally {
      await plain.close();
    }
    expect(unzipDirs()).toEqual(before);
  });

  it('barcat import previews and imports an archive, leaving nothing unpacked behind', async () => {
    const before = unzipDirs();
    const cat = ['--create', '--catalog', path.join(tmp(), 'cli-cat')];
    const dry = await barcat(['import', zip, '--dry-run', ...cat], tmp());
    expect(dry.code).toBe(0);
    // One plan per member, named ARCHIVE › MEMBER (import-zip-cli-plans.test.ts has two members).
    expect(dry.stdout).toContain(`${zip} › ${NAME}.csv (`);
    const run = await barcat(['import', zip, '--create', ...cat], tmp());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`${NAME}\\.csv\\s+imported\\s+\\S+:BTCUSDT:1h\\s+720\\s+720\\s`));
    expect(unzipDirs()).toEqual(before);
  });

  it('refuses an archive that does not match its .CHECKSUM, writing nothing', async () => {
    const wrong = 'f'.repeat(64);
    writeFileSync(`${zip}.CHECKSUM`, `${wrong}  ${NAME}.zip\n`);
    const actual = createHash('sha256').update(readFileSync(zip)).digest('hex');
    const msg = `${NAME}.zip does not match ${NAME}.zip.CHECKSUM: its sha256 is ${actual}, the checksum file says ${wrong}; download the archive again`;
    const r = await runImport(catalog, { paths: [zip] });
    expect(r.status).toBe('failed');
    expect(r.files).toEqual([
      expect.objectContaining({ file: zip, status: 'failed', rowsWritten: 0, message: msg }),
    ]);
    expect(await catalog.listSeries()).toEqual([]);
    await expect(withMemberPlans(zip, {}, async () => 0)).rejects.toThrow(msg);
  });

  it('refuses a broken archive and one without CSV, naming them', async () => {
    const broken = path.join(tmp(), 'broken.zip');
    writeFileSync(broken, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64, 7)]));
    const empty = path.join(tmp(), 'docs.zip');
    writeFileSync(empty, zipSync({ 'readme.md': new TextEncoder().encode('hello') }));
    const r = await runImport(catalog, { paths: [broken, empty] });
    expect(r.files.map((f) => f.message)).toEqual([
      'broken.zip is not a readable zip archive: no member was found in it',
      'docs.zip holds no CSV file (it holds readme.md)',
    ]);
  });

  it('refuses an archive that unpacks to more than the bound', async () => {
    const r = await runImport(catalog, { paths: [zip] }, { maxUnzippedBytes: 64 * 1024 });
    expect(r.files[0]?.message).toBe(
      `${NAME}.zip unpacks to more than 64 KiB; refused (a zip bomb?). Unpack it yourself if it is genuine`,
    );
    expect(r.rowsWritten).toBe(0);
  });
});

describe('the unpacked members of a failed import', () => {
  it('are removed when the import throws after the archive was unpacked', async () => {
    // A folder of its own as os.tmpdir(): other tests' unpacked archives do not show here.
    const saved = process.env.TMPDIR;
    const own = path.join(tmp(), 'tmp');
    mkdirSync(own);
    process.env.TMPDIR = own;
    try {
      // The audit folder is a file: the session cannot start, after the members were unpacked.
      writeFileSync(path.join(catalog.dir, AUDIT_DIR), 'not a folder');
      await expect(runImport(catalog, { paths: [zip] })).rejects.toThrow();
      expect(readdirSync(own)).toEqual([]);
    } finally {
      // Assigning undefined would set the text "undefined": later tests would unpack there.
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});
