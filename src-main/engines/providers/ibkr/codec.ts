// TWS API framing (v100+, text messages up to server version 200): a 4-byte big-endian length, then
// the fields as text, each ended by a NUL. The same code frames both ends (client and the stand-in).
import { ProtocolError } from '../errors';

export type Field = string | number | boolean;

/** Largest message the protocol allows; a bigger length prefix means the stream is garbage. */
export const MAX_MESSAGE = 0xffffff;

function fieldText(f: Field): string {
  return typeof f === 'boolean' ? (f ? '1' : '0') : String(f);
}

/** One framed message: length, then every field NUL-terminated. */
export function encodeMessage(fields: readonly Field[]): Buffer {
  const payload = Buffer.from(fields.map((f) => `${fieldText(f)}\0`).join(''), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32BE(payload.length);
  return Buffer.concat([head, payload]);
}

/** The client's opening: "API\0", then the framed version range without a trailing NUL. */
export function encodeHandshake(minVersion: number, maxVersion: number): Buffer {
  const range = Buffer.from(`v${minVersion}..${maxVersion}`, 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32BE(range.length);
  return Buffer.concat([Buffer.from('API\0', 'latin1'), head, range]);
}

/** Splits a byte stream into messages (field lists); partial messages wait for more bytes. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  /** Raw payloads, for the handshake's version range (which has no NUL terminator). */
  pushRaw(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Buffer[] = [];
    while (this.pending.length >= 4) {
      const len = this.pending.readUInt32BE(0);
      if (len > MAX_MESSAGE) throw new ProtocolError(`TWS message length ${len} is over the 16 MB limit`);
      if (this.pending.length < 4 + len) break;
      out.push(this.pending.subarray(4, 4 + len));
      this.pending = this.pending.subarray(4 + len);
    }
    return out;
  }

  push(chunk: Buffer): string[][] {
    return this.pushRaw(chunk).map(decodeFields);
  }

  /** Bytes not yet consumed (the stand-in strips the "API\0" prefix with it). */
  take(n: number): Buffer | undefined {
    if (this.pending.length < n) return undefined;
    const head = this.pending.subarray(0, n);
    this.pending = this.pending.subarray(n);
    return head;
  }

  feed(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
  }
}

/** A payload's fields; every field ends in NUL, so the last split piece is empty and dropped. */
export function decodeFields(payload: Buffer): string[] {
  const parts = payload.toString('utf8').split('\0');
  if (parts.at(-1) !== '') throw new ProtocolError('TWS message does not end in a NUL');
  return parts.slice(0, -1);
}
