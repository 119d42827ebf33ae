import { z } from 'zod';
import type { Bar } from '../../../src-shared/domain/bar';
import { nominalMs } from '../../../src-shared/domain/timeframe';
import { parseJson } from '../json';
import type { BarQuery, Caller, HttpRequest } from '../types';

const num = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = typeof v === 'number' ? v : Number(v);
  if (v === '' || !Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `"${v}" is not a number` });
    return z.NEVER;
  }
  return n;
});

/** `[openTime, "open", "high", "low", "close", "volume", closeTime, "quoteVolume", trades, ...]`. */
const KlineRowSchema = z
  .tuple([z.number(), num, num, num, num, num, z.number(), num, z.number()])
  .rest(z.unknown());
export const KlinesSchema = z.array(KlineRowSchema);

/** A value above 1e14 is a µs timestamp (Binance spot since 2025 in files, or on request). */
export function toMs(ts: number): number {
  return ts > 1e14 ? Math.floor(ts / 1000) : ts;
}

export function rowToBar(row: z.output<typeof KlineRowSchema>): Bar {
  const volume = row[5];
  const quote = row[7];
  return {
    ts: toMs(row[0]),
    open: row[1],
    high: row[2],
    low: row[3],
    close: row[4],
    volume,
    trades: row[8],
    vwap: volume > 0 ? quote / volume : row[4],
  };
}

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
    for (const row of rows) {
      const bar = rowToBar(row);
      if (bar.ts > lastTs && bar.ts >= q.from && bar.ts < q.to) out.push(bar);
    }
    // Fewer rows than asked for means the source has nothing more in this window.
    if (rows.length < limit || rows.length === 0) break;
    const last = toMs(rows[rows.length - 1]![0]);
    // The last row was the window's last slot: done without asking for an empty page.
    if (last < cursor || last + step >= q.to) break;
    cursor = last + 1;
  }
  return out;
}
