// The catalog write of an import taken apart, one step at a time on one thread, in the order the
// import's workers run them per partition: to Arrow (numbers -> int64 ts, Arrow JS table), hand-over
// (Arrow IPC stream copied into wasm memory), Parquet encode (parquet-wasm), hash (sha256 of the
// encoded file, for the manifest), store (staged file written and fsynced), then the commit of all
// staged files (rename, folder fsync, manifest) and the sha256 of the source file for the registry.
// CPU (user + sys of the process) beside wall, so a busy machine shows in the wall column only.
import path from 'node:path';
import type { FolderCatalog } from '../src-main/engines/catalog/catalog';
import { writeNewFileSynced } from '../src-main/engines/catalog/disk/fsutil';
import { type BarBatch, partitionCuts, sliceBatch } from '../src-main/engines/catalog/index';
import { batchToArrow } from '../src-main/engines/catalog/parquet/arrow';
import { arrowToWasm, barWriterProperties } from '../src-main/engines/catalog/parquet/codec';
import { loadParquetLibs, parquetLib } from '../src-main/engines/catalog/parquet/libs';
import { entryFor, partitionEncodeOptions } from '../src-main/engines/catalog/partition-io';
import type { StagedPartition } from '../src-main/engines/catalog/write/staging';
import { hashFile } from '../src-main/engines/import/files/registry';
import { sha256Hex } from '../src-main/plumbing/sha256';
import type { SeriesKey } from '../src-shared/domain/series';
import type { Figures } from './record';

export const SPLIT_STEPS = [
  'toArrow',
  'handOver',
  'encode',
  'hash',
  'entry',
  'store',
  'commit',
  'fileHash',
] as const;
type Step = (typeof SPLIT_STEPS)[number];

/** CPU and wall seconds of each step over a whole batch (sum over its partitions). */
export async function measureWriteSplit(
  catalog: FolderCatalog,
  key: SeriesKey,
  batch: BarBatch,
  sourceFile: string,
): Promise<Figures> {
  await loadParquetLibs();
  const cpu: Record<Step, number> = {
    toArrow: 0,
    handOver: 0,
    encode: 0,
    hash: 0,
    entry: 0,
    store: 0,
    commit: 0,
    fileHash: 0,
  };
  const wall: Record<Step, number> = { ...cpu };
  const step = async <T>(s: Step, fn: () => T | Promise<T>): Promise<T> => {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    const v = await fn();
    wall[s] += (performance.now() - w0) / 1000;
    const c = process.cpuUsage(c0);
    cpu[s] += (c.user + c.system) / 1e6;
    return v;
  };
  const area = await catalog.stagingArea();
  const parts: StagedPartition[] = [];
  let encodedBytes = 0;
  for (const p of partitionCuts(key.timeframe).split(batch.ts)) {
    const bars = sliceBatch(batch, p.start, p.end);
    const opts = partitionEncodeOptions(key, p.key, area.compression);
    const table = await step('toArrow', () => batchToArrow(bars));
    const wasmTable = await step('handOver', () => arrowToWasm(table));
    const bytes = await step('encode', () => parquetLib().writeParquet(wasmTable, barWriterProperties(opts)));
    encodedBytes += bytes.length;
    await step('hash', () => sha256Hex(bytes));
    const {
      file: _f,
      writtenAt: _w,
      ...entry
    } = await step('entry', () => entryFor(p.key, '', bars, bytes, [], key.timeframe));
    const file = path.join(area.dir, `${p.key}.parquet`);
    await step('store', () => writeNewFileSynced(file, bytes));
    parts.push({ ...entry, path: file });
  }
  await step('commit', () => catalog.writeStaged(key, parts, 'merge'));
  await step('fileHash', () => hashFile(sourceFile));
  // entryFor hashes the bytes too: its own share is what is left.
  cpu.entry -= cpu.hash;
  wall.entry -= wall.hash;
  const out: Figures = { splitPartitions: parts.length, splitEncodedMb: Math.round(encodedBytes / 1e5) / 10 };
  for (const s of SPLIT_STEPS)
    out[`split_${s}_cpuSec_wallSec`] = `${cpu[s].toFixed(3)} / ${wall[s].toFixed(3)}`;
  const total = (r: Record<Step, number>) => SPLIT_STEPS.reduce((a, s) => a + r[s], 0);
  out.split_total_cpuSec_wallSec = `${total(cpu).toFixed(3)} / ${total(wall).toFixed(3)}`;
  return out;
}
