import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { hashFile } from '../../../../src-main/engines/import/files/registry';
import { fileChunks } from '../../../../src-main/engines/import/parse/file-chunks';
import { tempDirEach } from '../../catalog/helpers';

describe('fileChunks', () => {
  const dir = tempDirEach('barcat-chunks-');
  let file: string;
  const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7) % 251));
  beforeEach(() => {
    file = path.join(dir(), 'data.bin');
    writeFileSync(file, bytes);
  });

  async function collect(opts: Parameters<typeof fileChunks>[1]): Promise<{ all: Buffer; sizes: number[] }> {
    const copies: Buffer[] = [];
    // Chunks are views of reused buffers: copied before the next one is read.
    for await (const c of fileChunks(file, opts)) copies.push(Buffer.from(c));
    return { all: Buffer.concat(copies), sizes: copies.map((c) => c.length) };
  }

  it('reads the whole file in chunks of the size asked, the last one short', async () => {
    const { all, sizes } = await collect({ chunkBytes: 300 });
    expect(all).toEqual(bytes);
    expect(sizes).toEqual([300, 300, 300, 100]);
  });

  it('reads exactly a byte range [start, end)', async () => {
    const { all, sizes } = await collect({ start: 123, end: 777, chunkBytes: 256 });
    expect(all).toEqual(bytes.subarray(123, 777));
    expect(sizes).toEqual([256, 256, 142]);
  });

  it('stops with an AbortError once the signal aborts', async () => {
    const ac = new AbortController();
    const seen: number[] = [];
    const read = async () => {
      for await (const c of fileChunks(file, { chunkBytes: 100, signal: ac.signal })) {
        seen.push(c.length);
        if (seen.length === 2) ac.abort();
      }
    };
    await expect(read()).rejects.toMatchObject({ name: 'AbortError', message: 'import cancelled' });
    expect(seen).toEqual([100, 100]);
  });

  it('hashFile gives the SHA-256 of the whole file', async () => {
    const { createHash } = await import('node:crypto');
    expect(await hashFile(file)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
