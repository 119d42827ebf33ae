import type { SeriesKey } from '../../../src-shared/domain/series';

/** A row's series and its id. */
export interface SeriesOf {
  key: SeriesKey;
  id: string;
}

/**
 * Longest raw series value (its columns' text, in bytes or characters) a series cache keeps: series
 * values are at most 64 characters; a longer one is a wrong column mapped (a document), never kept.
 */
export const MAX_CACHED_SERIES = 256;

/**
 * Series by the raw bytes of a row's series columns, so a plain row needs no string: a hash of the
 * bytes, then the bytes compared. Each distinct value is decoded once and resolved by `resolve`
 * (a sentence when its columns name no series). Long values (a wrong column mapped) are not kept.
 */
export class SeriesByBytes {
  private readonly byHash = new Map<number, { bytes: Buffer; found: SeriesOf | string }[]>();

  get(b: Uint8Array, s: number, e: number, resolve: (text: string) => SeriesOf | string): SeriesOf | string {
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ (b[i] as number), 16777619);
    const list = this.byHash.get(h);
    if (list) for (const entry of list) if (sameBytes(entry.bytes, b, s, e)) return entry.found;
    const bytes = Buffer.from(b.subarray(s, e));
    const found = resolve(bytes.toString('utf8'));
    if (e - s <= MAX_CACHED_SERIES) {
      if (list) list.push({ bytes, found });
      else this.byHash.set(h, [{ bytes, found }]);
    }
    return found;
  }
}

function sameBytes(a: Buffer, b: Uint8Array, s: number, e: number): boolean {
  if (a.length !== e - s) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[s + i]) return false;
  return true;
}
