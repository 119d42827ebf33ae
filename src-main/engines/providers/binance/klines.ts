import { z } from 'zod';
import type { Bar } from '../../../../src-shared/domain/bar';
import { nominalMs } from '../../../../src-shared/domain/timeframe';
import { parseJson } from '../json';
import type { BarQuery, Caller, HttpRequest } from '../types';

/** A value above 1e14 is a µs timestamp (Binance spot since 2025 in files, or on request). */
export function toMs(ts: number): number {
  return ts > 1e14 ? Math.floor(ts / 1000) : ts;
}

const FIELDS = ['openTime', 'open', 'high', 'low', 'close', 'volume', 'closeTime', 'quoteVolume', 'trades'];

function field(row: unknown[], i: number): number {
  const v = row[i];
  // Times and trades are JSON numbers, prices and volumes decimal strings; either is accepted.
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) throw new Error(`${FIELDS[i]} ${JSON.stringify(v)} is not a number`);
  return n;
}

/** One row `[openTime, "open", "high", "low", "close", "volume", closeTime, "quoteVolume", trades, ...]`. */
export function rowToBar(row: unknown): Bar {
  if (!Array.isArray(row) || row.length < 9)
    throw new Error(`a kline row must be an array of 12 fields, got ${JSON.stringify(row)?.slice(0, 80)}`);
  const volume = field(row, 5);
  const close = field(row, 4);
  return {
    ts: toMs(field(row, 0)),
    open: field(row, 1),
    high: field(row, 2),
    low: field(row, 3),
    close,
    volume,
    trades: field(row, 8),
    vwap: volume > 0 ? field(row, 7) / volume : close,
  };
}

/**
 * The klines answer: an array of 12-field rows mixing numbers and strings. Rows are checked by hand
 * inside the schema (a tuple schema per row costs more than the rest of the request together).
 */
export const KlinesSchema = z.array(z.unknown()).transform((rows, ctx) => {
  const bars: Bar[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    try {
      bars[i] = rowToBar(rows[i]);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: [i], message: (err as Error).message });
      return z.NEVER;
    }
  }
  return bars;
});

export interface KlinesEndpoint {
  baseUrl: string;
  path: string;
  maxRows: number;
  weightOf(limit: number): number;
}

/**
 * Walks [from, to) with startTime/endTime (inclusive on open time) pages of up to maxRows bars;
 * each page starts after the last open time seen, and duplicates across pages are dropped.
 */
export async function fetchKlines(ep: KlinesEndpoint, q: BarQuery, call: Caller): Promise<Bar[]> {
  const step = nominalMs(q.timeframe);
  const out: Bar[] = [];
  let cursor = q.from;
  while (cursor < q.to) {
    const limit = Math.min(ep.maxRows, Math.max(1, Math.ceil((q.to - cursor) / step)));
    const url = new URL(ep.path, ep.baseUrl);
    url.searchParams.set('symbol', q.symbol);
    url.searchParams.set('interval', q.timeframe);
    url.searchParams.set('startTime', String(cursor));
    url.searchParams.set('endTime', String(q.to - 1));
    url.searchParams.set('limit', String(limit));
    const req: HttpRequest = {
      url,
      weight: ep.weightOf(limit),
      label: `${q.symbol} ${q.timeframe} from ${new Date(cursor).toISOString()}`,
    };
    const rows = await call(req, (res) => parseJson(res, KlinesSchema, `${ep.path} ${q.symbol}`));
    const lastTs = out.at(-1)?.ts ?? Number.NEGATIVE_INFINITY;
    for (const bar of rows) {
      if (bar.ts > lastTs && bar.ts >= q.from && bar.ts < q.to) out.push(bar);
    }
    // Fewer rows than asked for means the source has nothing more in this window.
    if (rows.length < limit || rows.length === 0) break;
    const last = rows[rows.length - 1]!.ts;
    // The last row was the window's last slot: done without asking for an empty page.
    if (last < cursor || last + step >= q.to) break;
    cursor = last + 1;
  }
  return out;
}
