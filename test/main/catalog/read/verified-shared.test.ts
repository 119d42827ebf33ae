import { execFileSync } from 'node:child_process';
import { closeSync, copyFileSync, openSync, readSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { readManifest } from '../../../../src-main/engines/catalog/index';
import { partitionPath } from '../../../../src-main/engines/catalog/partition-io';
import {
  checkPartitionTrusted,
  verifiedHere,
} from '../../../../src-main/engines/catalog/read/partition-check';
import { refreshQuality } from '../../../../src-main/engines/quality/index';
import { grid, walk } from '../../quality/synthetic';
import { BTC_1M, catalogEach, tempDirAll } from '../helpers';

describe('partition files verified once per process', () => {
  const opened = catalogEach('barcat-verified-shared-', async (catalog) => {
    await catalog.write(BTC_1M, walk(grid(Date.UTC(2024, 0, 1), 90 * 1440), 2), 'merge');
  });
  // Where touch -r keeps a file's mtime: a temp folder, never in the catalog.
  const refDir = tempDirAll('barcat-touch-ref-');

  it('a file a quality worker hashed is trusted by the main thread without hashing it again', async () => {
    const { dir, cat } = opened();
    const told = verifiedHere.told;
    // Each month its own piece in a worker: the workers read and hash the three files.
    await refreshQuality(cat, BTC_1M, undefined, { piecePartitions: 1, workerMinRows: 0 });
    await vi.waitFor(() => expect(verifiedHere.told - told).toBe(3), { timeout: 10_000 });
    const hashed = verifiedHere.hashed;
    const parts = (await readManifest(dir, BTC_1M))!.partitions;
    for (const p of parts) checkPartitionTrusted(dir, partitionPath(dir, BTC_1M, p), p);
    expect(verifiedHere.hashed - hashed).toBe(0);
    expect(parts).toHaveLength(3);
  });

  it('takes only [version, sha] messages from the channel: others are left, never thrown on', async () => {
    const channel = new BroadcastChannel('barcat:verified-partitions');
    const told = verifiedHere.told;
    channel.postMessage('junk');
    channel.postMessage([1, 2]);
    channel.postMessage(null);
    channel.postMessage(['/nowhere\u00000\u00000\u00000\u00000\u00000', 'f'.repeat(64)]);
    channel.postMessage({ version: 'x' });
    // A second valid one last: the handler still takes messages after the ones it left.
    channel.postMessage(['/nowhere-else\u00000\u00000\u00000\u00000\u00000', 'e'.repeat(64)]);
    await vi.waitFor(() => expect(verifiedHere.told - told).toBe(2), { timeout: 10_000 });
    channel.close();
  });

  it('a file replaced after a worker verified it is hashed again; a damaged one rewritten in place, its mtime set back, is CORRUPT', async () => {
    const { dir, cat } = opened();
    const told = verifiedHere.told;
    await refreshQuality(cat, BTC_1M, undefined, { piecePartitions: 1, workerMinRows: 0 });
    await vi.waitFor(() => expect(verifiedHere.told - told).toBe(3), { timeout: 10_000 });
    const [first, second] = (await readManifest(dir, BTC_1M))!.partitions;
    const firstFile = partitionPath(dir, BTC_1M, first!);
    const secondFile = partitionPath(dir, BTC_1M, second!);

    // The same bytes in a new file renamed over it: another version, hashed again (and trusted).
    copyFileSync(firstFile, `${firstFile}.copy`);
    renameSync(`${firstFile}.copy`, firstFile);
    const hashed = verifiedHere.hashed;
    checkPartitionTrusted(dir, firstFile, first!);
    expect(verifiedHere.hashed - hashed).toBe(1);

    // One byte changed in place, size, inode and mtime kept (touch -r sets the mtime back to the
    // nanosecond): only its ctime tells it from the version a worker verified.
    const before = statSync(secondFile);
    const ref = path.join(refDir(), 'mtime.ref');
    execFileSync('touch', ['-r', secondFile, ref]);
    const fd = openSync(secondFile, 'r+');
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, 100);
    writeSync(fd, Buffer.from([byte[0]! ^ 0xff]), 0, 1, 100);
    closeSync(fd);
    execFileSync('touch', ['-r', ref, secondFile]);
    const after = statSync(secondFile);
    expect([after.ino, after.size, after.mtimeMs]).toEqual([before.ino, before.size, before.mtimeMs]);
    expect(() => checkPartitionTrusted(dir, secondFile, second!)).toThrow(
      expect.objectContaining({ code: 'CORRUPT' }),
    );
  });
});
