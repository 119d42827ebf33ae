/** Longest line read as a row by default: a longer one is a missing line break, not a bar. */
export const MAX_LINE_BYTES = 1 << 20;

/** `1 MiB`, `64 KiB` or `1000 bytes`. */
export function bytesText(n: number): string {
  if (n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`;
  if (n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
