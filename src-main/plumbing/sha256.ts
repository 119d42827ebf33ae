import { createHash } from 'node:crypto';

/**
 * The sha256 of bytes (or of a string's UTF-8) as lowercase hex: what the catalog's manifests, the
 * lake's files and seal and the downloads' checksums name. Its own module, so a worker loads nothing else.
 */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
