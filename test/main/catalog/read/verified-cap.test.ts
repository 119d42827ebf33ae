// The process-wide set of verified file versions is bounded: a catalog of many partitions read
// over a long session must not grow it without end, and the files read most recently stay trusted.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  trustedPartitionBytes,
  verifiedHere,
} from '../../../../src-main/engines/catalog/read/partition-check';
import { tempDirEach } from '../helpers';

const CAP = 4096;

describe('verified file versions', () => {
  const dir = tempDirEach('barcat-verified-cap-');

  it(`keeps at most ${CAP}, dropping the least recently read`, () => {
    const files = Array.from({ length: CAP + 1 }, (_, i) => {
      const file = path.join(dir(), `p${i}.parquet`);
      const bytes = Buffer.from(`partition ${i}`);
      writeFileSync(file, bytes);
      return { file, sha: createHash('sha256').update(bytes).digest('hex') };
    });
    const read = (i: number) => {
      const before = verifiedHere.hashed;
      const bytes = trustedPartitionBytes(dir(), files[i]!.file, files[i]!.sha);
      expect(bytes.toString()).toBe(`partition ${i}`);
      return verifiedHere.hashed - before;
    };
    for (let i = 0; i < CAP; i++) expect(read(i)).toBe(1);
    // All CAP are known: none hashed again, and file 0 becomes the most recently read.
    expect(read(CAP - 1)).toBe(0);
    expect(read(0)).toBe(0);
    // One more pushes out the least recently read, file 1 (not file 0, read again above).
    expect(read(CAP)).toBe(1);
    expect(read(0)).toBe(0);
    expect(read(CAP)).toBe(0);
    expect(read(1)).toBe(1);
  });
});
