import type { Data, Table } from 'apache-arrow';
import { arrowLib, batchToArrow, parquetLib } from '../catalog/index';
import type { ExportBars } from './layouts';

// Readers slice big files by row group; the catalog's size keeps both small and large exports quick to scan.
const ROW_GROUP_ROWS = 131_072;

function boolData(flags: Uint8Array): Data {
  const { makeData, Bool } = arrowLib();
  const bits = new Uint8Array((flags.length + 7) >> 3);
  for (let i = 0; i < flags.length; i++) if (flags[i]) bits[i >> 3]! |= 1 << (i & 7);
  return makeData({ type: new Bool(), length: flags.length, data: bits });
}

/** The bars as an Arrow table: the catalog's schema (ts as UTC timestamp) plus `complete`/`filled` when resampled. */
export function exportTable(data: ExportBars): Table {
  const { Table: ArrowTable, makeVector } = arrowLib();
  let table = batchToArrow(data.bars);
  const flags: Record<string, ReturnType<typeof makeVector>> = {};
  if (data.complete) flags.complete = makeVector(boolData(data.complete));
  if (data.filled) flags.filled = makeVector(boolData(data.filled));
  if (Object.keys(flags).length > 0) table = table.assign(new ArrowTable(flags));
  return table;
}

/** A standard zstd Parquet file that DuckDB, pandas and Polars read as is; `metadata` goes in the footer. */
export function encodeExportParquet(data: ExportBars, metadata: Record<string, string>): Uint8Array {
  return encodeTableParquet(exportTable(data), metadata);
}

/**
 * Any Arrow table as zstd Parquet. The bytes depend on the table and metadata alone (no write time,
 * a fixed created_by), so the same rows give the same file: the lake's byte-identical exports rely on it.
 */
export function encodeTableParquet(table: Table, metadata: Record<string, string>): Uint8Array {
  const { Table: WasmTable, writeParquet } = parquetLib();
  const ipc = arrowLib().tableToIPC(table, 'stream');
  return writeParquet(WasmTable.fromIPCStream(ipc), writerProps(metadata));
}

function writerProps(metadata: Record<string, string>) {
  const { Compression, WriterPropertiesBuilder } = parquetLib();
  return new WriterPropertiesBuilder()
    .setCompression(Compression.ZSTD)
    .setMaxRowGroupSize(ROW_GROUP_ROWS)
    .setKeyValueMetadata(new Map(Object.entries(metadata)))
    .setCreatedBy('barcat')
    .build();
}

/**
 * The Parquet file of `parts` (all with the same columns) as it is encoded: parquet-wasm's stream
 * writer pulls one part at a time and emits each row group once full, so only a part and a row
 * group are in memory; the bytes equal encodeExportParquet of the parts joined. No rows: `empty`'s
 * file (the stream writer needs a first batch for the schema).
 */
export async function* encodeParquetStream(
  parts: AsyncIterable<ExportBars>,
  empty: ExportBars,
  metadata: Record<string, string>,
): AsyncGenerator<Uint8Array> {
  const { Table: WasmTable, transformParquetStream } = parquetLib();
  const it = parts[Symbol.asyncIterator]();
  let first = await it.next();
  while (!first.done && first.value.bars.length === 0) first = await it.next();
  if (first.done) {
    yield encodeExportParquet(empty, metadata);
    return;
  }
  let pending: ExportBars | undefined = first.value;
  const batches = new ReadableStream({
    // A pull must enqueue or close, or the stream waits forever: empty parts are skipped here.
    async pull(controller) {
      let next = pending ? { done: false as const, value: pending } : await it.next();
      pending = undefined;
      while (!next.done && next.value.bars.length === 0) next = await it.next();
      if (next.done) return controller.close();
      const ipc = arrowLib().tableToIPC(exportTable(next.value), 'stream');
      // Freed now, not at some later GC: each part's copy in wasm memory would otherwise pile up.
      const table = WasmTable.fromIPCStream(ipc);
      try {
        for (const b of table.recordBatches()) controller.enqueue(b);
      } finally {
        table.free();
      }
    },
  });
  const bytes = await transformParquetStream(batches, writerProps(metadata));
  for await (const chunk of bytes as unknown as AsyncIterable<Uint8Array>) yield chunk;
}
