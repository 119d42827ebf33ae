import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manifestPath } from '../../../../src-main/engines/catalog/disk/layout';
import { ManifestSchema } from '../../../../src-main/engines/catalog/disk/manifest-schema';
import { batchFromBars } from '../../../../src-main/engines/catalog/index';
import { parseSeriesId } from '../../../../src-shared/domain/series';
import { HOUR, T0, tempCatalog } from '../helpers';

const KEY = parseSeriesId('NASDAQ:AAPL:1h');
const bar = (ts: number) => ({ ts, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 });

describe("a series' provider in its manifest", () => {
  let cat: Awaited<ReturnType<typeof tempCatalog>>;
  beforeEach(async () => {
    cat = await tempCatalog();
    await cat.catalog.write(KEY, batchFromBars([bar(T0 + 15 * HOUR), bar(T0 + 16 * HOUR)]), 'merge');
  });
  afterEach(async () => {
    await cat.cleanup();
  });

  it('is absent until set, kept through writes and a rebuild, and null means none', async () => {
    expect((await cat.catalog.availability(KEY)).provider).toBeUndefined();
    await cat.catalog.setProvider!(KEY, 'polygon');
    await cat.catalog.write(KEY, batchFromBars([bar(T0 + 17 * HOUR)]), 'merge');
    await cat.catalog.rebuild();
    expect((await cat.catalog.availability(KEY)).provider).toBe('polygon');
    await cat.catalog.setProvider!(KEY, null);
    expect((await cat.catalog.availability(KEY)).provider).toBeNull();
  });

  it('is read without harm by code that does not know the field (the manifest schema before it)', async () => {
    await cat.catalog.setProvider!(KEY, 'alpaca');
    const raw = JSON.parse(readFileSync(manifestPath(cat.dir, KEY), 'utf8'));
    expect(raw.provider).toBe('alpaca');
    const older = ManifestSchema.omit({ provider: true });
    const parsed = older.safeParse(raw);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.partitions).toHaveLength(1);
  });
});
