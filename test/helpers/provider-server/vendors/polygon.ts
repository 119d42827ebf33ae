import { generateBar, openTimes } from '../data';
import type { Reply, RouteContext } from '../types';

const SPANS: Record<string, number> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};
const PATH_RE = /^\/v2\/aggs\/ticker\/([A-Z0-9.:]+)\/range\/(\d+)\/([a-z]+)\/([0-9-]+)\/([0-9-]+)$/;

const json = (status: number, body: unknown): Reply => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

function parseDay(s: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T00:00:00Z`) : Number(s);
}

/** `GET /v2/aggs/ticker/{t}/range/{n}/{span}/{from}/{to}`: apiKey or Bearer, next_url without the key. */
export function polygonAggs(ctx: RouteContext, base: string): Reply {
  const q = ctx.url.searchParams;
  const auth = String(ctx.headers.authorization ?? '');
  const key = q.get('apiKey') ?? (auth.startsWith('Bearer ') ? auth.slice(7) : null);
  const requestId = `req-${ctx.now}`;
  if (!key) return json(401, { status: 'ERROR', request_id: requestId, error: 'API Key was not provided' });
  if (key !== ctx.keys.polygonKey)
    return json(401, { status: 'ERROR', request_id: requestId, error: 'Unknown API Key' });
  const m = PATH_RE.exec(ctx.url.pathname);
  if (!m) return json(404, { status: 'NOT_FOUND', request_id: requestId, message: 'Not found' });
  const [, ticker, mult, span, fromS, toS] = m as unknown as string[];
  const unit = SPANS[span!];
  if (!unit) return json(400, { status: 'ERROR', request_id: requestId, error: `invalid timespan ${span}` });
  const step = unit * Number(mult);
  const from = parseDay(fromS!);
  // A date `to` means the whole day; a ms `to` is inclusive.
  const to = /-/.test(toS!) ? parseDay(toS!) + 86_400_000 - 1 : Number(toS);
  const limit = q.has('limit') ? Number(q.get('limit')) : 5000;
  if (!Number.isInteger(limit) || limit < 1 || limit > 50_000)
    return json(400, { status: 'ERROR', request_id: requestId, error: 'limit must be between 1 and 50000' });
  const cursorFrom = q.has('cursor') ? Number(q.get('cursor')) : from;
  const symbolKnown = ctx.spec.symbols.includes(ticker!);
  const times = symbolKnown ? openTimes(ctx.spec, ticker!, step, cursorFrom, to, ctx.now) : [];
  const pageRows = Math.min(limit, ctx.maxPageRows);
  const page = times.slice(0, pageRows);
  const results = page.map((t) => {
    const b = generateBar(ctx.spec.seed, ticker!, step, t);
    return { v: b.volume, vw: b.vwap, o: b.open, c: b.close, h: b.high, l: b.low, t, n: b.trades };
  });
  const body: Record<string, unknown> = {
    ticker,
    queryCount: results.length,
    resultsCount: results.length,
    adjusted: true,
    status: 'OK',
    request_id: requestId,
  };
  if (results.length) body.results = results;
  body.count = results.length;
  if (times.length > pageRows)
    body.next_url = `${base}/v2/aggs/ticker/${ticker}/range/${mult}/${span}/${fromS}/${toS}?cursor=${times[pageRows]}&limit=${limit}&sort=asc&adjusted=true`;
  return json(200, body);
}
