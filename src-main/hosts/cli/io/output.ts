import { promises as fs } from 'node:fs';
import path from 'node:path';
// The read-only door: writing csv or json bars loads none of the catalog's writes (parquet does, below).
import { type BarBatch, batchToBars, withPath } from '../../../engines/catalog/read-only';
import { BarcatError } from '../../../plumbing/errors';
import type { CliIO } from '../command';
import { writeOut } from '../output-errors';
import { batchToCsvChunks } from './csv';

/** Writes bars as csv/json/parquet to FILE, or to stdout without one. */
export async function writeBarsOut(
  batch: BarBatch,
  format: 'csv' | 'json' | 'parquet',
  out: string | undefined,
  io: CliIO,
): Promise<void> {
  const file = out ? path.resolve(io.cwd, out) : undefined;
  const handle = file
    ? await fs.open(file, 'w').catch((err: unknown) => {
        throw withPath(err, file);
      })
    : undefined;
  // Each chunk waits for the stream: a closed pipe or a full disk stops the loop at once.
  const write = async (chunk: string | Uint8Array) => {
    if (handle) await handle.writeFile(chunk);
    else await writeOut(io.stdout, chunk);
  };
  try {
    if (format === 'csv') for (const chunk of batchToCsvChunks(batch)) await write(chunk);
    else if (format === 'json') {
      const bars = batchToBars(batch).map((b) => ({ ...b, ts: new Date(b.ts).toISOString() }));
      await write(`${JSON.stringify(bars)}\n`);
    } else {
      const { encodeParquet, loadParquetLibs, ROW_GROUP_SIZE } = await import(
        '../../../engines/catalog/index'
      );
      await loadParquetLibs();
      // A file for outside tools: statistics on every column, which they may filter on.
      await write(encodeParquet(batch, { rowGroupSize: ROW_GROUP_SIZE, statistics: 'every' }).bytes);
    }
  } catch (err) {
    // No half-written --out file is left behind.
    if (file) {
      await handle?.close().catch(() => undefined);
      await fs.rm(file, { force: true });
      throw withPath(err, file);
    }
    throw err;
  }
  await handle?.close();
}

/** Text of FILE, or all of stdin for "-". */
export async function readInput(arg: string, io: CliIO): Promise<{ text: string; source: string }> {
  if (arg === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    return { text: Buffer.concat(chunks).toString('utf8'), source: 'stdin' };
  }
  const file = path.resolve(io.cwd, arg);
  try {
    return { text: await fs.readFile(file, 'utf8'), source: file };
  } catch (err) {
    throw new BarcatError(
      'BAD_INPUT',
      `cannot read ${file} (${(err as NodeJS.ErrnoException).code}); check the path`,
    );
  }
}
