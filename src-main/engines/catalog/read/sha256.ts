import { createHash } from 'node:crypto';

/** A file's sha256 as its manifest entry names it; apart from partition-check, whose module opens the verified-files channel. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
