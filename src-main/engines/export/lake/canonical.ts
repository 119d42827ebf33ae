import { createHash } from 'node:crypto';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Canonical JSON, the text the seal hashes: object keys sorted by UTF-16 code units (JavaScript's
 * default sort), no whitespace, strings and numbers as JSON.stringify writes them. Two equal
 * manifests therefore give one text whatever order their keys were written in.
 */
export function canonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as Json)}`).join(',')}}`;
}

/** The lake's partition of an instrument: the first byte of SHA-1 of its key, as two hex digits. */
export function bucketOf(instrument: string): string {
  return createHash('sha1').update(instrument, 'utf8').digest('hex').slice(0, 2);
}
