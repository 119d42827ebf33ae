import type { ColumnMetaData } from 'hyparquet';

/**
 * The pages of one column chunk of a catalog file, decoded straight into a Float64Array: data
 * pages V2 (what the catalog writes), PLAIN or BYTE_STREAM_SPLIT doubles, DELTA_BINARY_PACKED int64
 * times, nulls of an optional column as NaN. Against hyparquet's general reader it skips the
 * BigInt arithmetic of int64 deltas, a DataView call per byte of a split stream and the arrays in
 * between: a year of 1m bars decodes in about half the CPU (docs/performance.md, "Cold reads").
 * Anything else returns false (the caller then reads the file with hyparquet); malformed bytes throw.
 */
export function decodeColumnChunk(
  file: Uint8Array,
  meta: ColumnMetaData,
  optional: boolean,
  out: Float64Array,
  at: number,
  rows: number,
  decompress: (page: Uint8Array, size: number) => Uint8Array,
): boolean {
  if (meta.dictionary_page_offset !== undefined && meta.dictionary_page_offset !== 0n) return false;
  const int64 = meta.type === 'INT64';
  if (!int64 && meta.type !== 'DOUBLE') return false;
  const start = Number(meta.data_page_offset);
  const end = start + Number(meta.total_compressed_size);
  if (end > file.length) throw new Error(`a column chunk ends at byte ${end}, past the file's end`);
  const reader = { bytes: file, pos: start };
  let filled = 0;
  while (filled < rows) {
    if (reader.pos >= end) throw new Error(`a column chunk holds ${filled} of its ${rows} rows`);
    const h = readPageHeader(reader, end);
    const body = file.subarray(reader.pos, reader.pos + h.compressedSize);
    reader.pos += h.compressedSize;
    if (h.type !== DATA_PAGE_V2 || h.repLength !== 0) return false;
    const n = h.numValues;
    if (n > rows - filled || h.numRows !== n)
      throw new Error(`a page of ${n} values overruns its column chunk`);
    if (!optional && (h.numNulls !== 0 || h.defLength !== 0)) return false;
    const levels = body.subarray(0, h.defLength);
    const compressed = body.subarray(h.defLength);
    const size = h.uncompressedSize - h.defLength;
    const data = h.compressed && size > 0 ? decompress(compressed, size) : compressed;
    const present = n - h.numNulls;
    // Values land at their rows directly when the page has no nulls; else in order, then spread.
    const target = h.numNulls === 0 ? out : new Float64Array(present);
    const into = h.numNulls === 0 ? at + filled : 0;
    if (int64) {
      if (h.encoding !== DELTA_BINARY_PACKED) return false;
      deltaInt64(data, present, target, into);
    } else if (h.encoding === PLAIN) {
      if (data.length < present * 8) throw new Error('a PLAIN page is shorter than its values');
      new Uint8Array(target.buffer, target.byteOffset + into * 8, present * 8).set(
        data.subarray(0, present * 8),
      );
    } else if (h.encoding === BYTE_STREAM_SPLIT) splitDoubles(data, present, target, into);
    else return false;
    if (h.numNulls > 0) spreadNulls(levels, n, target, out, at + filled);
    filled += n;
  }
  return true;
}

const DATA_PAGE_V2 = 3;
const PLAIN = 0;
const DELTA_BINARY_PACKED = 5;
const BYTE_STREAM_SPLIT = 9;

interface Reader {
  bytes: Uint8Array;
  pos: number;
}

interface PageHeader {
  type: number;
  uncompressedSize: number;
  compressedSize: number;
  numValues: number;
  numNulls: number;
  numRows: number;
  encoding: number;
  defLength: number;
  repLength: number;
  compressed: boolean;
}

function byteAt(r: Reader): number {
  if (r.pos >= r.bytes.length) throw new Error('a page header runs past the file');
  return r.bytes[r.pos++]!;
}

/** An unsigned varint as a number (exact up to 2^53). */
function varint(r: Reader): number {
  let value = 0;
  let mul = 1;
  for (;;) {
    const b = byteAt(r);
    value += (b & 0x7f) * mul;
    if (b < 0x80) return value;
    mul *= 128;
    if (mul > 2 ** 63) throw new Error('a varint is longer than 64 bits');
  }
}

function zigzag(r: Reader): number {
  const v = varint(r);
  return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
}

// Thrift compact protocol types.
const T_TRUE = 1;
const T_FALSE = 2;
const T_BYTE = 3;
const T_I16 = 4;
const T_I32 = 5;
const T_I64 = 6;
const T_DOUBLE = 7;
const T_BINARY = 8;
const T_LIST = 9;
const T_SET = 10;
const T_MAP = 11;
const T_STRUCT = 12;

/** Reads a thrift struct's fields, handing the ones `take` wants to it; skips the rest. */
function readStruct(r: Reader, take: (field: number, type: number) => boolean): void {
  let field = 0;
  for (;;) {
    const b = byteAt(r);
    const type = b & 0x0f;
    if (type === 0) return;
    field = b >> 4 ? field + (b >> 4) : zigzag(r);
    if (!take(field, type)) skip(r, type);
  }
}

function skip(r: Reader, type: number): void {
  switch (type) {
    case T_TRUE:
    case T_FALSE:
      return;
    case T_BYTE:
      r.pos++;
      return;
    case T_I16:
    case T_I32:
    case T_I64:
      varint(r);
      return;
    case T_DOUBLE:
      r.pos += 8;
      return;
    case T_BINARY:
      r.pos += varint(r);
      return;
    case T_LIST:
    case T_SET: {
      const h = byteAt(r);
      const size = h >> 4 === 15 ? varint(r) : h >> 4;
      for (let i = 0; i < size; i++) skipElement(r, h & 0x0f);
      return;
    }
    case T_MAP: {
      const size = varint(r);
      if (size === 0) return;
      const kv = byteAt(r);
      for (let i = 0; i < size; i++) {
        skipElement(r, kv >> 4);
        skipElement(r, kv & 0x0f);
      }
      return;
    }
    case T_STRUCT:
      readStruct(r, () => false);
      return;
    default:
      throw new Error(`a page header holds an unknown thrift type ${type}`);
  }
}

/** An element of a list, set or map: a bool there is a byte of its own, not folded into a field's type. */
function skipElement(r: Reader, type: number): void {
  if (type === T_TRUE || type === T_FALSE) byteAt(r);
  else skip(r, type);
}

/** parquet.thrift's PageHeader, with the fields of DataPageHeaderV2; its page must end by `end` (its column chunk's). */
function readPageHeader(r: Reader, end: number): PageHeader {
  const h: PageHeader = {
    type: -1,
    uncompressedSize: 0,
    compressedSize: 0,
    numValues: 0,
    numNulls: 0,
    numRows: 0,
    encoding: -1,
    defLength: 0,
    repLength: 0,
    compressed: true,
  };
  readStruct(r, (field, type) => {
    if (field === 1 && type === T_I32) h.type = zigzag(r);
    else if (field === 2 && type === T_I32) h.uncompressedSize = zigzag(r);
    else if (field === 3 && type === T_I32) h.compressedSize = zigzag(r);
    else if (field === 8 && type === T_STRUCT)
      readStruct(r, (f, t) => {
        if (t === T_I32 && f >= 1 && f <= 6) {
          const v = zigzag(r);
          if (f === 1) h.numValues = v;
          else if (f === 2) h.numNulls = v;
          else if (f === 3) h.numRows = v;
          else if (f === 4) h.encoding = v;
          else if (f === 5) h.defLength = v;
          else h.repLength = v;
          return true;
        }
        if (f === 7 && (t === T_TRUE || t === T_FALSE)) {
          h.compressed = t === T_TRUE;
          return true;
        }
        return false;
      });
    else return false;
    return true;
  });
  if (h.compressedSize < 0 || r.pos + h.compressedSize > end)
    throw new Error(`a page of ${h.compressedSize} bytes runs past its column chunk`);
  // The levels are stored uncompressed ahead of the values: both sizes hold them.
  if (
    h.numNulls < 0 ||
    h.numNulls > h.numValues ||
    h.defLength < 0 ||
    h.defLength > h.compressedSize ||
    h.defLength > h.uncompressedSize
  )
    throw new Error('a page header is inconsistent');
  return h;
}

/** DELTA_BINARY_PACKED int64 values as numbers; throws past 2^53 (no catalog time is near it). */
function deltaInt64(data: Uint8Array, count: number, out: Float64Array, at: number): void {
  const r: Reader = { bytes: data, pos: 0 };
  const blockSize = varint(r);
  const miniblocks = varint(r);
  varint(r); // the total count, which the page header gives too
  let value = zigzag(r);
  const perMiniblock = blockSize / miniblocks;
  if (!Number.isInteger(perMiniblock) || perMiniblock % 8 !== 0)
    throw new Error('a DELTA_BINARY_PACKED header is malformed');
  let n = 0;
  if (count > 0) out[at + n++] = value;
  const widths = new Uint8Array(miniblocks);
  while (n < count) {
    const minDelta = zigzag(r);
    if (!Number.isSafeInteger(minDelta)) throw new Error('a delta is beyond 2^53');
    for (let i = 0; i < miniblocks; i++) widths[i] = byteAt(r);
    for (let m = 0; m < miniblocks && n < count; m++) {
      const width = widths[m]!;
      if (width > 52) throw new Error(`a delta of ${width} bits is wider than a number holds exactly`);
      const take = Math.min(perMiniblock, count - n);
      if (width === 0) for (let i = 0; i < take; i++) out[at + n++] = value += minDelta;
      else {
        let bit = r.pos * 8;
        if (r.pos + Math.ceil((take * width) / 8) > data.length)
          throw new Error('a DELTA_BINARY_PACKED page is shorter than its values');
        for (let i = 0; i < take; i++) {
          out[at + n++] = value += minDelta + bitsAt(data, bit, width);
          bit += width;
        }
        r.pos += (perMiniblock * width) / 8;
      }
    }
  }
  for (let i = at; i < at + count; i++)
    if (!Number.isSafeInteger(out[i])) throw new Error('an int64 value is beyond 2^53');
}

/** `width` bits (LSB first) from bit `bit` of `data`, as a number. */
function bitsAt(data: Uint8Array, bit: number, width: number): number {
  let value = 0;
  let mul = 1;
  let got = 0;
  while (got < width) {
    const byte = data[bit >> 3]!;
    const off = bit & 7;
    const take = Math.min(8 - off, width - got);
    value += ((byte >> off) & ((1 << take) - 1)) * mul;
    mul *= 1 << take;
    got += take;
    bit += take;
  }
  return value;
}

/** BYTE_STREAM_SPLIT doubles: byte b of value i is at b * count + i. */
function splitDoubles(data: Uint8Array, count: number, out: Float64Array, at: number): void {
  if (data.length < count * 8) throw new Error('a BYTE_STREAM_SPLIT page is shorter than its values');
  const bytes = new Uint8Array(out.buffer, out.byteOffset + at * 8, count * 8);
  for (let b = 0; b < 8; b++) {
    const stream = b * count;
    for (let i = 0; i < count; i++) bytes[i * 8 + b] = data[stream + i]!;
  }
}

/** Spreads `present` values over `n` rows by their definition levels (bit width 1): NaN where null. */
function spreadNulls(
  levels: Uint8Array,
  n: number,
  values: Float64Array,
  out: Float64Array,
  at: number,
): void {
  const r: Reader = { bytes: levels, pos: 0 };
  let row = 0;
  let k = 0;
  while (row < n) {
    const header = varint(r);
    if (header & 1) {
      // Bit-packed: groups of 8 levels, one byte each at bit width 1.
      const groups = header >>> 1;
      for (let g = 0; g < groups; g++) {
        const byte = byteAt(r);
        for (let j = 0; j < 8 && row < n; j++, row++)
          out[at + row] = (byte >> j) & 1 ? values[k++]! : Number.NaN;
      }
    } else {
      const count = header >>> 1;
      const defined = byteAt(r) & 1;
      if (row + count > n) throw new Error('definition levels overrun their page');
      for (let j = 0; j < count; j++, row++) out[at + row] = defined ? values[k++]! : Number.NaN;
    }
  }
  if (k !== values.length) throw new Error(`a page's levels define ${k} values, it holds ${values.length}`);
}
