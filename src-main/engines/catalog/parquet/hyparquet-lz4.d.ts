// hyparquet-compressors' LZ4_RAW decoder, imported alone: its index also loads brotli and gzip
// (a 400 KB dictionary) that no catalog file uses.
declare module 'hyparquet-compressors/src/lz4.js' {
  export function decompressLz4Raw(input: Uint8Array, outputLength: number): Uint8Array;
}
