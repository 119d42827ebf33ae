import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readManifest, writeManifest } from '../../../../src-main/engines/catalog/disk/manifest';
import {
  arrowToBatch,
  type Catalog,
  openCatalog,
  readBatch,
} from '../../../../src-main/engines/catalog/index';
import { partitionPath } from '../../../../src-main/engines/catalog/partition-io';
import type { BarBatch } from '../../../../src-main/engines/catalog/types';
import { checkPiece, type PieceRequest } from '../../../../src-main/engines/quality/check-piece';
import { DEFAULT_SETTINGS } from '../../../../src-main/engines/quality/index';
import { sha256Hex } from '../../../../src-main/plumbing/sha256';
import { DAY, MINUTE } from '../../../../src-shared/domain/timeframe';
import { grid, walk } from '../../quality/synthetic';
import { BTC_1M, tempDirEach } from '../helpers';

const JAN = Date.UTC(2024, 0, 1);
const MAR = Date.UTC(2024, 2, 1);
const COLUMNS = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;
const plain = (b: BarBatch) => Object.fromEntries(COLUMNS.map((c) => [c, Array.from(b[c])]));

describe('readBatch: bars decoded straight into columns (the quality workers read)', () => {
  let dir: string;
  const tmp = tempDirEach('barcat-batch-read-');
  let catalog: Catalog;
  /** The series' partition entries, as the refresh that sends a piece to a worker read them. */
  const entries = async () => (await readManifest(dir, BTC_1M))!.partitions;
  beforeEach(async () => {
    dir = tmp();
    catalog = await openCatalog(dir);
    // 70 days of 1m bars from January 1st: three monthly partitions of several row groups each,
    // with a trades column holding nulls (not read) and a NaN volume (read as it is).
    const b = walk(grid(JAN, 70 * 1440), 5);
    b.trades = new Float64Array(b.length).map((_, i) => (i % 7 === 0 ? Number.NaN : i % 50));
    b.volume[40_000] = Number.NaN;
    await catalog.write(BTC_1M, b, 'merge');
  });
  afterEach(async () => {
    await catalog.close();
  });

  it('gives the same ts and OHLCV, value for value, as a table query, whole or cut mid row group', async () => {
    const whole = await readBatch(dir, BTC_1M, await entries(), { from: JAN, to: JAN + 70 * DAY });
    expect(whole.length).toBe(70 * 1440);
    expect(whole.trades).toBeUndefined();
    expect(Number.isNaN(whole.volume[40_000])).toBe(true);
    expect(plain(whole)).toEqual(plain(arrowToBatch(await catalog.query(BTC_1M, undefined))));

    const range = { from: JAN + 20 * DAY + 17 * MINUTE, to: MAR + 3 * DAY + 5 * MINUTE };
    const cut = await readBatch(dir, BTC_1M, await entries(), range);
    expect(cut.ts[0]).toBe(range.from);
    expect(cut.ts[cut.length - 1]).toBe(range.to - MINUTE);
    expect(plain(cut)).toEqual(plain(arrowToBatch(await catalog.query(BTC_1M, range))));
  });

  it('reads nothing for a range without bars, and only the partitions it is given', async () => {
    expect((await readBatch(dir, BTC_1M, await entries(), { from: 0, to: JAN })).length).toBe(0);
    const march = (await entries()).filter((e) => e.minTs >= MAR);
    const batch = await readBatch(dir, BTC_1M, march, { from: JAN, to: JAN + 70 * DAY });
    expect([batch.ts[0], batch.length]).toEqual([MAR, (70 - 60) * 1440]);
  });

  /** January's partition file, and the manifest naming it (rewritten by `change`). */
  async function january(
    change: (bytes: Buffer, entry: { sha256: string; rowGroups: { rows: number }[] }) => void,
  ) {
    const manifest = (await readManifest(dir, BTC_1M))!;
    const entry = manifest.partitions.find((e) => e.minTs === JAN)!;
    const file = partitionPath(dir, BTC_1M, entry);
    const bytes = readFileSync(file);
    change(bytes, entry);
    writeFileSync(file, bytes);
    await writeManifest(dir, manifest);
    return file;
  }
  const piece = async (): Promise<PieceRequest> => ({
    dir,
    key: BTC_1M,
    calendar: '24x7',
    settings: DEFAULT_SETTINGS.crypto,
    range: { from: JAN, to: JAN + 70 * DAY },
    partitions: await entries(),
  });
  const all = { from: JAN, to: JAN + 70 * DAY };

  it('names a partition whose bytes are not those of its manifest (a flipped byte), also in a direct check', async () => {
    const file = await january((bytes) => {
      bytes[5000] = bytes[5000]! ^ 0xff;
    });
    const damaged = `partition file ${file} is damaged: its sha256 is `;
    await expect(readBatch(dir, BTC_1M, await entries(), all)).rejects.toMatchObject({ code: 'CORRUPT' });
    await expect(readBatch(dir, BTC_1M, await entries(), all)).rejects.toThrow(damaged);
    await expect(checkPiece(await piece())).rejects.toThrow(damaged);
  });

  it('names a partition that does not decode (its manifest matching its bytes), also in a direct check', async () => {
    const file = await january((bytes, entry) => {
      bytes.fill(0, 1000, 30_000); // pages zeroed, footer intact
      entry.sha256 = sha256Hex(bytes);
    });
    await expect(readBatch(dir, BTC_1M, await entries(), all)).rejects.toMatchObject({ code: 'CORRUPT' });
    await expect(readBatch(dir, BTC_1M, await entries(), all)).rejects.toThrow(
      `partition file ${file} cannot be decoded (`,
    );
    await expect(checkPiece(await piece())).rejects.toThrow(`partition file ${file} cannot be decoded (`);
  });

  it('refuses a manifest whose row-group index counts a row too many or too few, naming the file', async () => {
    let rows = 0;
    const file = await january((_, entry) => {
      rows = entry.rowGroups.reduce((n, g) => n + g.rows, 0);
      entry.rowGroups[0]!.rows += 1;
    });
    await expect(readBatch(dir, BTC_1M, await entries(), all)).rejects.toMatchObject({
      code: 'CORRUPT',
      message: `partition file ${file} holds ${rows} rows where its manifest says ${rows + 1}; run "barcat verify" to quarantine it`,
    });
    await january((_, entry) => {
      entry.rowGroups[0]!.rows -= 2;
    });
    await expect(readBatch(dir, BTC_1M, await entries(), all)).rejects.toMatchObject({
      code: 'CORRUPT',
      message: `partition file ${file} holds ${rows} rows where its manifest says ${rows - 1}; run "barcat verify" to quarantine it`,
    });
  });
});
