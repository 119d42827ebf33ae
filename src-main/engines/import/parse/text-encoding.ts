/** Text encodings the importer reads; UTF-16 is decoded to UTF-8 as it is read. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/**
 * The encoding of a file from its first bytes: a UTF-16 byte-order mark, or the NUL byte in every
 * other place that ASCII text has in UTF-16 (Excel's "Unicode text" has a BOM, some tools write none).
 */
export function detectEncoding(b: Uint8Array): TextEncoding {
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 4) return 'utf-8';
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenNul++;
    if (b[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.4 && evenNul < pairs * 0.05) return 'utf-16le';
  if (evenNul > pairs * 0.4 && oddNul < pairs * 0.05) return 'utf-16be';
  return 'utf-8';
}

/** Text without its leading byte-order mark (U+FEFF), and whether it had one: every reader of line 1 strips it so. */
export function withoutBom(text: string): { text: string; bom: boolean } {
  const bom = text.charCodeAt(0) === 0xfeff;
  return { text: bom ? text.slice(1) : text, bom };
}

/** What a file that is no CSV text is, from the start of its decoded text (null: it may be CSV). */
export function notCsvText(text: string): string | null {
  if (text.startsWith('PK\u0003\u0004'))
    return 'it is a zip archive; import the archive itself (its CSV members are read) or unzip it';
  if (text.startsWith('PAR1'))
    return 'it is a Parquet file, not CSV text; the importer reads CSV (export bars with barcat query --format csv)';
  // `[{"ts":…` or `{"…`; a bracketed header such as `[Time],[Open]` stays CSV.
  if (/^\s*(\[\s*[[{\]"\d-]|\{\s*["}])/.test(text))
    return 'it is JSON, not CSV text; the importer reads CSV only (export bars with barcat query --format csv)';
  if (text.includes('\u0000')) return 'the file is binary (it contains NUL bytes), not CSV text';
  return null;
}
