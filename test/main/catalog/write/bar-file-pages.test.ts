import { readFileSync } from 'node:fs';
import { parquetMetadata } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../../src-main/engines/catalog/index';
import { minuteBars, tempDir } from '../helpers';

/** Rows of each data page of each column chunk, read from the page headers: [column, rows per page]. */
function pagesOf(file: string): [string, number[]][][] {
  const bytes = readFileSync(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  const view = new DataView(buffer);
  return parquetMetadata(buffer).row_groups.map((g) =>
    g.columns.map((c) => {
      const meta = c.meta_data as NonNullable<typeof c.meta_data>;
      const end = Number(meta.data_page_offset) + Number(meta.total_compressed_size);
      const rows: number[] = [];
      for (let at = Number(meta.data_page_offset); at < end; ) {
        const reader = { view, offset: at };
        const header = parquetHeader(reader);
        rows.push(Number(header.data_page_header_v2?.num_rows));
        at = reader.offset + header.compressed_page_size;
      }
      return [meta.path_in_schema.join('.'), rows];
    }),
  );
}

describe('bar files', () => {
  it('hold each column of a row group in one page', async () => {
    const { dir, cleanup } = tempDir('barcat-pages-');
    try {
      const cat = await openCatalog(dir);
      // A month of 1m bars: row groups of 21,600, 21,600 and 1,440 rows.
      await cat.write(
        { venue: 'V', symbol: 'S', timeframe: '1m' },
        batchFromBars(minuteBars(Date.UTC(2024, 0, 1), 44_640)),
        'merge',
      );
      await cat.close();
      const columns = ['ts', 'open', 'high', 'low', 'close', 'volume'];
      expect(pagesOf(`${dir}/bars/venue=V/symbol=S/timeframe=1m/2024-01.v1.parquet`)).toEqual(
        [21_600, 21_600, 1_440].map((rows) => columns.map((c) => [c, [rows]])),
      );
    } finally {
      cleanup();
    }
  });
});
