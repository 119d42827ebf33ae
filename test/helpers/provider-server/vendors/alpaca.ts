import { generateBar, openTimes } from '../data';
import type { Reply, RouteContext } from '../types';

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

function timeframeMs(tf: string): number | undefined {
  const m = /^(\d+)(Min|T|Hour|H|Day|D|Week|W)$/.exec(tf);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = {
    Min: 60_000,
    T: 60_000,
    Hour: 3_600_000,
    H: 3_600_000,
    Day: 86_400_000,
    D: 86_400_000,
    Week: 604_800_000,
    W: 604_800_000,
  }[m[2]!]!;
  return n * unit;
}

/** `GET /v2/stocks/{symbol}/bars`: key headers, RFC-3339 start/end (inclusive), page_token paging. */
export function alpacaBars(
  ctx: RouteContext,
  symbol: string,
  rate: { limit: number; remaining: number; reset: number },
): Reply {
  const rl = {
    'x-ratelimit-limit': String(rate.limit),
    'x-ratelimit-remaining': String(rate.remaining),
    'x-ratelimit-reset': String(rate.reset),
  };
  if (
    ctx.headers['apca-api-key-id'] !== ctx.keys.alpacaKeyId ||
    ctx.headers['apca-api-secret-key'] !== ctx.keys.alpacaSecret
  )
    return json(401, { message: 'unauthorized.' }, rl);
  const q = ctx.url.searchParams;
  const step = timeframeMs(q.get('timeframe') ?? '');
  if (!step) return json(422, { message: 'invalid timeframe' }, rl);
  if (!ctx.spec.symbols.includes(symbol)) return json(404, { message: `symbol not found: ${symbol}` }, rl);
  const start = q.has('start') ? Date.parse(q.get('start')!) : Date.parse('2016-01-01T00:00:00Z');
  const end = q.has('end') ? Date.parse(q.get('end')!) : ctx.now;
  if (!Number.isFinite(start) || !Number.isFinite(end))
    return json(422, { message: 'invalid start or end' }, rl);
  if (end > ctx.now - 15 * 60_000)
    return json(403, { message: 'subscription does not permit querying recent SIP data' }, rl);
  const limit = q.has('limit') ? Number(q.get('limit')) : 1000;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
    return json(422, { message: 'invalid limit' }, rl);
  const pageRows = Math.min(limit, ctx.maxPageRows);
  const token = q.get('page_token');
  const from = token ? Number(Buffer.from(token, 'base64url').toString('utf8')) : start;
  const times = openTimes(ctx.spec, symbol, step, from, end, ctx.now);
  const page = times.slice(0, pageRows);
  const next =
    times.length > pageRows ? Buffer.from(String(times[pageRows]), 'utf8').toString('base64url') : null;
  const bars = page.map((t) => {
    const b = generateBar(ctx.spec.seed, symbol, step, t);
    return {
      t: new Date(t).toISOString().replace('.000Z', 'Z'),
      o: b.open,
      h: b.high,
      l: b.low,
      c: b.close,
      v: b.volume,
      n: b.trades,
      vw: b.vwap,
    };
  });
  // Alpaca answers `bars: null` rather than [] when nothing matched.
  return json(200, { bars: bars.length ? bars : null, symbol, next_page_token: next }, rl);
}
