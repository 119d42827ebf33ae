/**
 * The sha256 of a Binance `NAME.zip.CHECKSUM` file (sha256sum format: `<sha256>  NAME.zip`), lower
 * case, or null when the text is not in that format. The archive provider and zip import share it.
 */
export function checksumSha256(text: string): string | null {
  return /^\s*([0-9a-f]{64})\s/i.exec(text)?.[1]?.toLowerCase() ?? null;
}
