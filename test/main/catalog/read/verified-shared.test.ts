import { describe, expect, it, vi } from 'vitest';
import { readManifest } from '../../../../src-main/engines/catalog/index';
import { partitionPath } from '../../../../src-main/engines/catalog/partition-io';
import {
  checkPartitionTrusted,
  verifiedHere,
} from '../../../../src-main/engines/catalog/read/partition-check';
import { refreshQuality } from '../../../../src-main/engines/quality/index';
import { grid, walk } from '../../quality/synthetic';
import { BTC_1M, catalogEach } from '../helpers';

describe('partition files verified once per process', () => {
  const opened = catalogEach('barcat-verified-shared-', async (catalog) => {
    await catalog.write(BTC_1M, walk(grid(Date.UTC(2024, 0, 1), 90 * 1440), 2), 'merge');
  });

  it('a file a quality worker hashed is trusted by the main thread without hashing it again', async () => {
    const { dir, cat } = opened();
    const told = verifiedHere.told;
    // Each month its own piece in a worker: the workers read and hash the three files.
    await refreshQuality(cat, BTC_1M, undefined, { piecePartitions: 1, workerMinRows: 0 });
    await vi.waitFor(() => expect(verifiedHere.told - told).toBe(3));
    const hashed = verifiedHere.hashed;
    const parts = (await readManifest(dir, BTC_1M))!.partitions;
    for (const p of parts) checkPartitionTrusted(dir, partitionPath(dir, BTC_1M, p), p);
    expect(verifiedHere.hashed - hashed).toBe(0);
    expect(parts).toHaveLength(3);
  });
});
