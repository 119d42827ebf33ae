import { decompressSync } from '@napi-rs/lzma/lzma';
import { allocTicks, type QuoteTicks } from '../../catalog/index';
import { ProtocolError } from '../errors';

const RECORD = 20;

/** A float32 volume as the shortest decimal that reads back to it (3.5, 1.12), not 1.1200000047683716. */
function f32(v: number): number {
  return Number(v.toPrecision(7));
}

/**
 * One hour's `.bi5` tick file: an LZMA "alone" stream of 20-byte big-endian records (ms from the
 * hour's start, ask, bid as integers over `factor`, ask and bid volume as float32, in millions).
 * A body that is no LZMA stream (an HTML page served with 200) or does not unpack into whole records
 * is a ProtocolError naming what was wrong; an empty body is no ticks.
 */
export function decodeBi5(body: Uint8Array, hourStartMs: number, factor: number, what: string): QuoteTicks {
  if (body.byteLength === 0) return allocTicks('quotes', 0, ['bid_size', 'ask_size']) as QuoteTicks;
  // Every Dukascopy file starts with the LZMA properties byte 0x5D; anything else is an error page.
  if (body[0] !== 0x5d || body.byteLength < 13) {
    const head = new TextDecoder().decode(body.subarray(0, 60)).replace(/\s+/g, ' ').trim();
    throw new ProtocolError(`${what}: not an LZMA file (starts with "${head}"); not stored`);
  }
  let raw: Uint8Array;
  try {
    raw = decompressSync(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  } catch (err) {
    throw new ProtocolError(`${what}: corrupt LZMA data (${(err as Error).message}); not stored`);
  }
  if (raw.byteLength % RECORD !== 0)
    throw new ProtocolError(
      `${what}: ${raw.byteLength} bytes unpacked is no whole number of 20-byte tick records; not stored`,
    );
  const n = raw.byteLength / RECORD;
  const out = allocTicks('quotes', n, ['bid_size', 'ask_size']) as QuoteTicks;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  for (let i = 0; i < n; i++) {
    const at = i * RECORD;
    out.ts[i] = (hourStartMs + view.getUint32(at)) * 1000;
    out.ask[i] = view.getUint32(at + 4) / factor;
    out.bid[i] = view.getUint32(at + 8) / factor;
    out.askSize![i] = f32(view.getFloat32(at + 12));
    out.bidSize![i] = f32(view.getFloat32(at + 16));
  }
  return out;
}
