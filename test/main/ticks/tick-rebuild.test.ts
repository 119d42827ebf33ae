import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src-main/engines/catalog/index';
import { runMaintenance } from '../../../src-main/engines/catalog/maintenance/maintenance';
import { quotes, storedTicks, tickWorkspaces, us } from './helpers';

const KEY = { venue: 'DUKASCOPY', symbol: 'EURUSD', kind: 'quotes' } as const;
const MANIFEST = 'tick-manifests/DUKASCOPY~EURUSD~quotes.json';
const SERIES = 'ticks/venue=DUKASCOPY/symbol=EURUSD/kind=quotes';

const ROWS: [number, number, number][] = [
  [us(2024, 1, 2, 10), 1.1, 1.1002],
  [us(2024, 1, 2, 11, 0, 0, 0, 7), 1.1001, 1.1003],
  [us(2024, 1, 3, 9), 1.1002, 1.1004],
  [us(2024, 1, 3, 9, 30), 1.1003, 1.1005],
  [us(2024, 1, 3, 23, 59, 59, 999, 999), 1.1004, 1.1006],
];

type Entry = { date: string; file: string; rows: number; minTs: number; maxTs: number; sha256: string };
const entries = (catalog: string) =>
  (JSON.parse(readFileSync(path.join(catalog, MANIFEST), 'utf8')).files as Entry[]).map(
    ({ date, file, rows, minTs, maxTs, sha256 }) => ({ date, file, rows, minTs, maxTs, sha256 }),
  );

const workspace = tickWorkspaces();

async function seeded() {
  const ws = await workspace();
  const cat = await openCatalog(ws.catalog);
  await cat.ticks.write(KEY, quotes(ROWS), { source: 'test' });
  await cat.close();
  return { ...ws, before: entries(ws.catalog) };
}

describe('rebuild of tick manifests', () => {
  it('barcat rebuild recreates a deleted tick manifest with the exact rows, span and hash of each file', async () => {
    const { catalog, cli, before } = await seeded();
    expect(before.map((e) => [e.date, e.file, e.rows])).toEqual([
      ['2024-01-02', 'g1-0.parquet', 2],
      ['2024-01-03', 'g1-0.parquet', 3],
    ]);
    rmSync(path.join(catalog, MANIFEST));
    const r = await cli(['rebuild']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('rebuilt 1 manifests for 1 series (2 partitions)\n');
    expect(entries(catalog)).toEqual(before);
    expect(await storedTicks(catalog, KEY)).toEqual(ROWS.map((row) => [...row, Number.NaN, Number.NaN]));
  });

  it('the maintenance job sets a corrupt tick manifest and an older duplicate aside, then rebuilds it exactly', async () => {
    const { catalog, before } = await seeded();
    writeFileSync(path.join(catalog, MANIFEST), '{"format": 1, "series": ');
    // A generation-0 leftover beside the day's generation-1 file: the newer one wins.
    const day = path.join(catalog, SERIES, 'date=2024-01-02');
    writeFileSync(path.join(day, 'g0-0.parquet'), readFileSync(path.join(day, 'g1-0.parquet')));
    const r = await runMaintenance(catalog, 'rebuild', { lockWaitMs: 100 });
    expect(r.quarantined.map((q) => [q.series, q.file, q.code, q.period])).toStrictEqual([
      ['DUKASCOPY:EURUSD:quotes', MANIFEST, 'bad-manifest', undefined],
      ['DUKASCOPY:EURUSD:quotes', `${SERIES}/date=2024-01-02/g0-0.parquet`, 'older-duplicate', '2024-01-02'],
    ]);
    expect(r.manifestsWritten).toBe(1);
    expect(r.ok).toBe(2);
    expect(entries(catalog)).toEqual(before);
    expect(readdirSync(path.join(catalog, '.quarantine', SERIES, 'date=2024-01-02')).sort()).toEqual([
      'g0-0.parquet',
      'g0-0.parquet.why.txt',
    ]);
    const verified = await runMaintenance(catalog, 'verify', { lockWaitMs: 100 });
    expect([verified.partitionsChecked, verified.ok, verified.quarantined]).toEqual([2, 2, []]);
  });

  it('verify (the app job) and rebuild set aside a damaged tick file alike; its day is then absent', async () => {
    const { catalog, before } = await seeded();
    const file = `${SERIES}/date=2024-01-03/g1-0.parquet`;
    writeFileSync(path.join(catalog, file), 'not parquet');
    const v = await runMaintenance(catalog, 'verify', { lockWaitMs: 100 });
    expect(v.quarantined.map((q) => [q.series, q.file, q.code, q.period])).toEqual([
      ['DUKASCOPY:EURUSD:quotes', file, 'checksum-mismatch', '2024-01-03'],
    ]);
    expect(entries(catalog)).toEqual([before[0]]);
    // The same damage found by rebuild (manifest gone): the file is not Parquet.
    const again = await seeded();
    writeFileSync(path.join(again.catalog, file), 'not parquet');
    rmSync(path.join(again.catalog, MANIFEST));
    const r = await runMaintenance(again.catalog, 'rebuild', { lockWaitMs: 100 });
    expect(r.quarantined.map((q) => [q.series, q.file, q.code, q.period])).toEqual([
      ['DUKASCOPY:EURUSD:quotes', file, 'not-parquet', '2024-01-03'],
    ]);
    expect(entries(again.catalog)).toEqual([again.before[0]]);
    expect(await storedTicks(again.catalog, KEY)).toEqual(
      ROWS.slice(0, 2).map((row) => [...row, Number.NaN, Number.NaN]),
    );
  });
});
