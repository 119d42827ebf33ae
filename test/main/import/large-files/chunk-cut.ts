/** streamLines reads 1 MiB chunks. */
export const CHUNK = 1 << 20;

/**
 * For lines to be joined by CR LF: widens line k - 5 by an empty-ish extra field so that the CR of
 * line k (the last whose CR falls in the first chunk) is the chunk's last byte and its LF the next
 * chunk's first. Returns k.
 */
export function cutCrLfAtFirstChunk(lines: string[]): number {
  const len = (j: number) => (lines[j] as string).length + 2;
  let at = 0;
  let k = 0;
  while (at + len(k) + len(k + 1) - 2 <= CHUNK - 1) at += len(k++);
  const pad = CHUNK - 1 - (at + len(k) - 2);
  if (pad > 0) lines[k - 5] = `${lines[k - 5]},${' '.repeat(pad - 1)}`;
  return k;
}
