import { statSync } from 'node:fs';
import type { Data, Table } from 'apache-arrow';
import { DEFAULT_READ_CACHE_MB } from '../../../../src-shared/domain/settings/read-cache';
import type { PartitionReader } from './partition-decoder';
import type { PartitionRead } from './partition-read';

const MB = 1024 * 1024;

/**
 * A bounded LRU of decoded partitions, so the app's repeat reads (chart, resample, quality over the
 * same year) skip the zstd decode. The key is the file's identity on disk (path, inode, size, mtime)
 * plus the row groups and columns read: a write, rename or undo makes new files (new generation in the
 * name, new inode), so a changed partition can never match an old entry. One cache per open catalog.
 */
export class DecodedPartitionCache {
  private readonly entries = new Map<string, { table: Table; bytes: number }>();
  private used = 0;
  private maxBytes: number;
  /** Partitions answered from the cache / decoded, since this cache was made (tests check the path). */
  hits = 0;
  misses = 0;

  constructor(maxMb: number = DEFAULT_READ_CACHE_MB) {
    this.maxBytes = Math.max(0, maxMb) * MB;
  }

  /** Bytes of decoded column data held now. */
  get bytes(): number {
    return this.used;
  }

  /** The bound in bytes (what Settings set). */
  get limitBytes(): number {
    return this.maxBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  /** A new bound (0 turns the cache off); evicts the least recently used entries past it. */
  resize(maxMb: number): void {
    this.maxBytes = Math.max(0, maxMb) * MB;
    this.evict();
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }

  /** `inner` with the cache in front: only partitions not held are decoded, in one call. */
  wrap(inner: PartitionReader): PartitionReader {
    return async (reads, rows) => {
      if (this.maxBytes === 0) return inner(reads, rows);
      const keys = reads.map(identity);
      const tables = keys.map((k) => (k ? this.take(k) : undefined));
      const missing = reads.filter((_, i) => !tables[i]);
      if (missing.length === 0) return tables as Table[];
      const decoded = await inner(missing, Math.ceil((rows * missing.length) / reads.length));
      let j = 0;
      for (let i = 0; i < reads.length; i++) {
        if (tables[i]) continue;
        const table = decoded[j++]!;
        tables[i] = table;
        this.misses++;
        // Kept only when the file is still the one stat'ed before decoding.
        const key = keys[i];
        if (key && identity(reads[i]!) === key) this.put(key, table);
      }
      return tables as Table[];
    };
  }

  private take(key: string): Table | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    // Re-insert: Map keeps insertion order, so the first key is always the least recently used.
    this.entries.delete(key);
    this.entries.set(key, hit);
    this.hits++;
    return hit.table;
  }

  private put(key: string, table: Table): void {
    // Two reads that missed the same partition both decode it: the first one kept is counted once.
    if (this.entries.has(key)) return;
    const bytes = tableBytes(table);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { table, bytes });
    this.used += bytes;
    this.evict();
  }

  private evict(): void {
    for (const [key, e] of this.entries) {
      if (this.used <= this.maxBytes) return;
      this.entries.delete(key);
      this.used -= e.bytes;
    }
  }
}

/** The file's identity on disk plus what is read of it; undefined when it cannot be stat'ed (the read then fails as before). */
function identity(read: PartitionRead): string | undefined {
  let st: { ino: number; size: number; mtimeMs: number };
  try {
    st = statSync(read.file);
  } catch {
    return undefined;
  }
  return [
    read.file,
    st.ino,
    st.size,
    st.mtimeMs,
    read.rowGroups?.join(',') ?? '*',
    read.columns?.join(',') ?? '*',
  ].join('\0');
}

/** Bytes of a table's buffers (values, validity, offsets), over every column and batch. */
export function tableBytes(table: Table): number {
  let n = 0;
  const add = (d: Data): void => {
    n += (d.values?.byteLength ?? 0) + (d.nullBitmap?.byteLength ?? 0) + (d.valueOffsets?.byteLength ?? 0);
    for (const c of d.children) add(c);
  };
  for (const d of table.data) add(d);
  return n;
}
