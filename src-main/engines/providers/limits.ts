// Size caps on what a provider may send: a runaway or hostile answer is refused while it streams in,
// never buffered whole first (a 700 MB body once took the process to 2.3 GB).
import { ResponseTooLarge } from './errors';

const MiB = 1024 * 1024;

/** Default cap on one JSON answer (a full Binance page is ~150 KB, a Polygon page of 50,000 bars ~6 MB). */
export const JSON_RESPONSE_LIMIT = 64 * MiB;
/** Default cap on one archive zip as downloaded (a month of 1s bars is ~100 MB). */
export const ARCHIVE_RESPONSE_LIMIT = 256 * MiB;
/** Default cap on an archive zip's CSV once unpacked (a month of 1s bars is ~290 MB). */
export const ARCHIVE_UNZIPPED_LIMIT = 512 * MiB;

/** Overrides of the providers' caps (settings, tests); absent fields keep each provider's own. */
export interface SizeLimits {
  maxResponseBytes?: number;
  maxUnzippedBytes?: number;
}

export function formatBytes(n: number): string {
  return n >= MiB ? `${+(n / MiB).toFixed(1)} MiB` : `${n.toLocaleString('en-US')} bytes`;
}

/**
 * Reads a response body, stopping (and closing the connection) as soon as it passes `cap` bytes;
 * a Content-Length above the cap is refused before anything is read.
 */
export async function readCapped(res: Response, cap: number, what: string): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > cap) {
    await res.body?.cancel();
    throw new ResponseTooLarge(
      what,
      formatBytes(cap),
      `${formatBytes(declared)} announced`,
      'maxResponseBytes',
    );
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel();
      throw new ResponseTooLarge(
        what,
        formatBytes(cap),
        `more than ${formatBytes(cap)} sent`,
        'maxResponseBytes',
      );
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return body;
}
