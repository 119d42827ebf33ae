// The page decoder of catalog files (parquet/page-decode.ts) on crafted bytes: a thrift page header
// (compact protocol) and its body. A malformed page throws; the file reader (js-decode.ts) makes that
// CORRUPT naming the file (js-decode.test.ts, js-large-read.test.ts).
import type { ColumnMetaData } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { decodeColumnChunk } from '../../../../src-main/engines/catalog/parquet/page-decode';

const zz = (n: number) => varint(n * 2);
function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  return [...out, n];
}
const i32 = (delta: number, v: number) => [(delta << 4) | 5, ...zz(v)];

/** A DATA_PAGE_V2 header of one PLAIN double, uncompressed, with `extra` bytes (other fields) before its V2 part. */
function header(
  o: { uncompressed?: number; compressed?: number; defLength?: number; extra?: number[] } = {},
): number[] {
  const v2 = [
    ...i32(1, 1),
    ...i32(1, 0),
    ...i32(1, 1),
    ...i32(1, 0),
    ...i32(1, o.defLength ?? 0),
    ...i32(1, 0),
    0x12,
    0,
  ];
  return [
    ...i32(1, 3),
    ...i32(1, o.uncompressed ?? 8),
    ...i32(1, o.compressed ?? 8),
    ...(o.extra ?? []),
    // Field 8 (the V2 header) in the long form: its id follows the type.
    0x0c,
    ...zz(8),
    ...v2,
    0,
  ];
}

function chunk(bytes: number[], chunkSize = bytes.length): { file: Uint8Array; meta: ColumnMetaData } {
  const file = new Uint8Array(bytes);
  const meta: ColumnMetaData = {
    type: 'DOUBLE',
    encodings: ['PLAIN'],
    path_in_schema: ['close'],
    codec: 'UNCOMPRESSED',
    num_values: 1n,
    total_uncompressed_size: BigInt(chunkSize),
    total_compressed_size: BigInt(chunkSize),
    data_page_offset: 0n,
  };
  return { file, meta };
}

const value = [...new Uint8Array(new Float64Array([1.25]).buffer)];
const noDecompress = () => {
  throw new Error('no page here is compressed');
};

describe('decodeColumnChunk on crafted pages', () => {
  it('a page of one PLAIN double decodes', () => {
    const { file, meta } = chunk([...header(), ...value]);
    const out = new Float64Array(1);
    expect(decodeColumnChunk(file, meta, false, out, 0, 1, noDecompress)).toBe(true);
    expect(out[0]).toBe(1.25);
  });

  it('bools inside a list of another field take a byte each, and are skipped as such', () => {
    // Field 20 (long form), a list of two bools: header 0x21 (2 elements of type TRUE), then one byte each.
    const extra = [0x09, ...zz(20), 0x21, 0x01, 0x02];
    const { file, meta } = chunk([...header({ extra }), ...value]);
    const out = new Float64Array(1);
    expect(decodeColumnChunk(file, meta, false, out, 0, 1, noDecompress)).toBe(true);
    expect(out[0]).toBe(1.25);
  });

  it('a page running past its column chunk (though not past the file) is refused', () => {
    const page = [...header(), ...value];
    // The chunk ends 4 bytes before the page does; the file goes on.
    const { file, meta } = chunk([...page, 0, 0, 0, 0, 0, 0, 0, 0], page.length - 4);
    expect(() => decodeColumnChunk(file, meta, false, new Float64Array(1), 0, 1, noDecompress)).toThrow(
      new Error('a page of 8 bytes runs past its column chunk'),
    );
  });

  it('levels longer than the uncompressed page are refused, not handed on as a negative size', () => {
    const { file, meta } = chunk([...header({ uncompressed: 2, compressed: 8, defLength: 4 }), ...value]);
    expect(() => decodeColumnChunk(file, meta, true, new Float64Array(1), 0, 1, noDecompress)).toThrow(
      new Error('a page header is inconsistent'),
    );
  });
});
