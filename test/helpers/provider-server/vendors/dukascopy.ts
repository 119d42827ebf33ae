// A loopback stand-in for Dukascopy serving one set of known ticks in both shapes: the legacy .bi5
// datafeed (/datafeed/SYM/YYYY/MM-1/DD/HHh_ticks.bi5, LZMA "alone" with the size in the header) and
// the JSON API (/v1/ticks/EUR-USD/YYYY/M/D/H, delta-encoded columns), plus per-hour faults.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compressSync } from '@napi-rs/lzma/lzma';

export interface DukaTick {
  /** ms UTC */
  ts: number;
  ask: number;
  bid: number;
  /** millions, as Dukascopy keeps them */
  askVolume: number;
  bidVolume: number;
}

/**
 * What an hour answers instead of its ticks: 404, an LZMA file cut short, an HTML page with 200, 403,
 * or nothing at all until the server closes (a request in flight when a job is cancelled).
 */
export type HourFault = 'missing' | 'corrupt' | 'html' | 'forbidden' | 'hold';

export interface DukascopyServer {
  url: string;
  bi5Base: string;
  jsonBase: string;
  /** Paths asked, in arrival order. */
  requests: string[];
  fault(symbol: string, hourMs: number, fault: HourFault | null): void;
  close(): Promise<void>;
}

const HOUR = 3_600_000;

/** One hour's ticks as a .bi5 file, the way Dukascopy writes it (empty hour: empty body). */
export function encodeBi5(ticks: DukaTick[], hourMs: number, factor: number): Uint8Array {
  if (ticks.length === 0) return new Uint8Array(0);
  const raw = Buffer.alloc(ticks.length * 20);
  ticks.forEach((t, i) => {
    raw.writeUInt32BE(t.ts - hourMs, i * 20);
    raw.writeUInt32BE(Math.round(t.ask * factor), i * 20 + 4);
    raw.writeUInt32BE(Math.round(t.bid * factor), i * 20 + 8);
    raw.writeFloatBE(t.askVolume, i * 20 + 12);
    raw.writeFloatBE(t.bidVolume, i * 20 + 16);
  });
  const packed = Buffer.from(compressSync(raw));
  // Dukascopy's files carry the unpacked size (a 13-byte "alone" header), not the "unknown" marker.
  packed.writeBigUInt64LE(BigInt(raw.length), 5);
  return packed;
}

/** One hour's ticks as the JSON API's document: base prices, then deltas in units of the multiplier. */
export function encodeJsonTicks(ticks: DukaTick[], hourMs: number, factor: number): string {
  const int = (p: number) => Math.round(p * factor);
  const doc = {
    timestamp: hourMs,
    multiplier: 1 / factor,
    ask: ticks.length ? ticks[0]!.ask : null,
    bid: ticks.length ? ticks[0]!.bid : null,
    times: ticks.map((t, i) => t.ts - (i ? ticks[i - 1]!.ts : hourMs)),
    asks: ticks.map((t, i) => (i ? int(t.ask) - int(ticks[i - 1]!.ask) : 0)),
    bids: ticks.map((t, i) => (i ? int(t.bid) - int(ticks[i - 1]!.bid) : 0)),
    askVolumes: ticks.map((t) => Math.round(t.askVolume * 1e6)),
    bidVolumes: ticks.map((t) => Math.round(t.bidVolume * 1e6)),
  };
  return JSON.stringify(doc);
}

export async function startDukascopyServer(
  ticks: Record<string, DukaTick[]>,
  factors: Record<string, number>,
): Promise<DukascopyServer> {
  const faults = new Map<string, HourFault>();
  const requests: string[] = [];
  const hourTicks = (sym: string, hour: number) =>
    (ticks[sym] ?? []).filter((t) => t.ts >= hour && t.ts < hour + HOUR);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    const bi5 = /^\/datafeed\/([A-Z0-9]+)\/(\d{4})\/(\d\d)\/(\d\d)\/(\d\d)h_ticks\.bi5$/.exec(path);
    const json = /^\/v1\/ticks\/([A-Z0-9]+)-([A-Z0-9]+)\/(\d{4})\/(\d+)\/(\d+)\/(\d+)$/.exec(path);
    let sym: string;
    let hour: number;
    if (bi5) {
      sym = bi5[1]!;
      hour = Date.UTC(+bi5[2]!, +bi5[3]!, +bi5[4]!, +bi5[5]!); // zero-based month in the path
    } else if (json) {
      sym = json[1]! + json[2]!;
      hour = Date.UTC(+json[3]!, +json[4]! - 1, +json[5]!, +json[6]!); // one-based month
    } else {
      res.writeHead(404).end();
      return;
    }
    const factor = factors[sym];
    const fault = faults.get(`${sym}@${hour}`);
    if (factor === undefined || fault === 'missing') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    if (fault === 'hold') return;
    if (fault === 'forbidden') {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden');
      return;
    }
    if (fault === 'html') {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head></html>');
      return;
    }
    const list = hourTicks(sym, hour);
    if (fault === 'corrupt') {
      // A real header (or the opening of a real document), then cut in half: it cannot be read.
      const filler = [{ ts: hour, ask: 1, bid: 1, askVolume: 1, bidVolume: 1 }];
      const whole = bi5
        ? Buffer.from(encodeBi5(list.length ? list : filler, hour, factor))
        : Buffer.from(encodeJsonTicks(list.length ? list : filler, hour, factor));
      res.writeHead(200).end(whole.subarray(0, Math.max(14, whole.length >> 1)));
      return;
    }
    if (bi5)
      res
        .writeHead(200, { 'content-type': 'application/octet-stream' })
        .end(Buffer.from(encodeBi5(list, hour, factor)));
    else res.writeHead(200, { 'content-type': 'application/json' }).end(encodeJsonTicks(list, hour, factor));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    bi5Base: `${url}/datafeed`,
    jsonBase: `${url}/v1`,
    requests,
    fault(symbol, hourMs, fault) {
      if (fault) faults.set(`${symbol}@${hourMs}`, fault);
      else faults.delete(`${symbol}@${hourMs}`);
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Held requests never answer: their connections end with the server.
        server.closeAllConnections();
      }),
  };
}
