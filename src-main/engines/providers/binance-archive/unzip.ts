import { ProtocolError, ProviderRefusal, ResponseTooLarge } from '../errors';
import { formatBytes } from '../limits';

// Fed in small slices: one slice of a deflate bomb unpacks to at most ~1000x its size before the
// count is checked again.
const SLICE = 4096;

/**
 * The first CSV inside an archive zip, unpacked as a stream that stops once it passes `cap` bytes
 * (a zip bomb is refused after `cap` bytes, not expanded whole).
 */
export async function unzipCsv(
  zip: Uint8Array,
  name: string,
  cap: number,
): Promise<{ csvName: string; text: string }> {
  const { Unzip, UnzipInflate, strFromU8 } = await import('fflate');
  const parts: Uint8Array[] = [];
  let total = 0;
  let csvName: string | undefined;
  let over = false;
  let failure: Error | undefined;
  let ended = false;
  const unzip = new Unzip((file) => {
    if (csvName !== undefined || !file.name.endsWith('.csv')) return;
    csvName = file.name;
    file.ondata = (err, chunk, final) => {
      if (err) {
        failure = err;
        return;
      }
      if (over) return;
      total += chunk.byteLength;
      if (total > cap) {
        over = true;
        file.terminate();
        return;
      }
      parts.push(chunk);
      if (final) ended = true;
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < zip.length && !over && !failure; at += SLICE)
      unzip.push(zip.subarray(at, at + SLICE), at + SLICE >= zip.length);
  } catch (err) {
    throw new ProtocolError(`${name} is not a readable zip: ${(err as Error).message}`);
  }
  if (over)
    throw new ResponseTooLarge(
      name,
      formatBytes(cap),
      `more than ${formatBytes(cap)} once unpacked`,
      'maxUnzippedBytes',
    );
  if (failure) throw new ProtocolError(`${name} is not a readable zip: ${failure.message}`);
  if (csvName === undefined) throw new ProviderRefusal(`${name} holds no CSV file`);
  if (!ended) throw new ProtocolError(`${name} is not a readable zip: the CSV inside is cut short`);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return { csvName, text: strFromU8(out) };
}
