import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FolderCatalog } from '../../../src-main/engines/catalog/catalog';
import { PartitionDecoder } from '../../../src-main/engines/catalog/read/partition-decoder';
import { TickStore } from '../../../src-main/engines/catalog/ticks/tick-store';
import { closeAfterEach } from '../../helpers/close-after';
import { openedTempCatalog, quotes, us } from './helpers';

// A tick read trusts a file only when its bytes are its manifest's and it holds the manifest's
// tick count, whichever thread decodes it: this one (the catalog's store, straight into columns)
// or a decode worker (Arrow tables, checked in the worker, as bars are).

const KEY = { venue: 'DUKASCOPY', symbol: 'EURUSD', kind: 'quotes' } as const;
const MANIFEST = 'tick-manifests/DUKASCOPY~EURUSD~quotes.json';
const DAY_DIR = 'ticks/venue=DUKASCOPY/symbol=EURUSD/kind=quotes';

const opened = closeAfterEach();

/** A catalog with three quotes on Jan 2 and two on Jan 3 2024: two day files. */
async function twoDays(): Promise<{ dir: string; file: string; cat: FolderCatalog }> {
  const { dir, cat } = await openedTempCatalog(opened, 'barcat-tick-checks-');
  await cat.ticks.write(
    KEY,
    quotes([
      [us(2024, 1, 2, 10), 1.1, 1.1002],
      [us(2024, 1, 2, 11), 1.1001, 1.1003],
      [us(2024, 1, 2, 12), 1.1002, 1.1004],
      [us(2024, 1, 3, 10), 1.1003, 1.1005],
      [us(2024, 1, 3, 11), 1.1004, 1.1006],
    ]),
  );
  return { dir, file: path.join(dir, DAY_DIR, 'date=2024-01-02/g1-0.parquet'), cat };
}

/** Sets the Jan 2 file's `rows` in the tick manifest. */
function setRows(dir: string, rows: number): void {
  const p = path.join(dir, MANIFEST);
  const m = JSON.parse(readFileSync(p, 'utf8'));
  const e = m.files.find((f: { date: string }) => f.date === '2024-01-02');
  expect(e.rows).toBe(3);
  e.rows = rows;
  writeFileSync(p, JSON.stringify(m));
}

/**
 * What each read path refuses with (err undefined where the read succeeded): the catalog's own store
 * (this thread) and a store whose every file goes to workers, whose `decoder` is given back.
 */
async function refusals(
  dir: string,
  cat: FolderCatalog,
): Promise<{ refused: { name: string; err: unknown }[]; decoder: PartitionDecoder }> {
  const decoder = opened(new PartitionDecoder({ minRows: 1, callerDecodes: false }), (d) => d.close());
  const workers = new TickStore(dir, <T>(fn: () => Promise<T>) => fn(), decoder);
  const stores: [string, () => Promise<unknown>][] = [
    ['catalog', () => cat.ticks.query(KEY)],
    ['workers', () => workers.query(KEY)],
  ];
  const refused: { name: string; err: unknown }[] = [];
  for (const [name, query] of stores)
    refused.push({
      name,
      err: await query().then(
        () => undefined,
        (e: unknown) => e,
      ),
    });
  return { refused, decoder };
}

/** What `refusals` gives when both read paths refuse with `err` (each named, so a failure says which). */
function onBothPaths(err: Record<string, unknown>): { name: string; err: Record<string, unknown> }[] {
  return [
    { name: 'catalog', err },
    { name: 'workers', err },
  ];
}

describe("tick reads refuse a file that is not its manifest's", () => {
  for (const [word, rows] of [
    ['more', 2],
    ['fewer', 4],
  ] as const)
    it(`a file holding ${word} ticks than its manifest's rows is CORRUPT, on both paths`, async () => {
      const { dir, file, cat } = await twoDays();
      setRows(dir, rows);
      const { refused, decoder } = await refusals(dir, cat);
      expect(refused).toMatchObject(
        onBothPaths({
          code: 'CORRUPT',
          message: `tick file ${file} holds 3 ticks where its manifest says ${rows}; run "barcat verify" to quarantine it`,
          details: { reason: 'row_count', file, rows: 3, manifestRows: rows },
        }),
      );
      // Both files were decoded in workers: the count is checked on what they sent.
      expect(decoder.workerDecodes).toBe(2);
    });

  it('a damaged file is CORRUPT naming it, on both paths', async () => {
    const { dir, cat } = await twoDays();
    // The later day: the worker decodes the first, so the path through it is the one taken.
    const file = path.join(dir, DAY_DIR, 'date=2024-01-03/g1-0.parquet');
    const bytes = readFileSync(file);
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(file, bytes);
    const { refused, decoder } = await refusals(dir, cat);
    expect(refused).toMatchObject(
      onBothPaths({
        code: 'CORRUPT',
        message: expect.stringMatching(
          new RegExp(
            `^partition file ${file.replace(/[.\\]/g, '\\$&')} is damaged: its sha256 is [0-9a-f]{12}…, its manifest says [0-9a-f]{12}…; run "barcat verify" to quarantine it$`,
          ),
        ),
      }),
    );
    // A worker decoded Jan 2 and refused Jan 3 (this thread then read it and raised the error).
    expect(decoder.workerDecodes).toBe(1);
  });
});
