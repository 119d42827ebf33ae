import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { generateBar, openTimes } from '../data';
import type { Reply, RouteContext } from '../types';
import { intervalMs } from './binance';

// /data/{spot|futures/um}/{monthly|daily}/klines/{SYMBOL}/{interval}/{SYMBOL}-{interval}-{YYYY}-{MM}[-{DD}].zip[.CHECKSUM]
const PATH_RE =
  /^\/data\/(spot|futures\/um)\/(monthly|daily)\/klines\/([A-Z0-9]+)\/([0-9a-z]+)\/\3-\4-(\d{4})-(\d{2})(?:-(\d{2}))?\.zip(\.CHECKSUM)?$/;

const MICROS_FROM = Date.UTC(2025, 0, 1);
const FUTURES_HEADER =
  'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore';

const notFound: Reply = {
  status: 404,
  headers: { 'content-type': 'application/xml' },
  body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
};

/** Builds the zip for one archive file; the same input always gives the same bytes. */
function buildZip(ctx: RouteContext, m: RegExpExecArray): { name: string; zip: Uint8Array } | undefined {
  const [, market, period, symbol, interval, yyyy, mm, dd] = m as unknown as string[];
  const step = intervalMs(interval!);
  if (!step || !ctx.spec.symbols.includes(symbol!)) return undefined;
  if ((period === 'daily') !== (dd !== undefined)) return undefined;
  const y = Number(yyyy);
  const mo = Number(mm) - 1;
  const from = dd ? Date.UTC(y, mo, Number(dd)) : Date.UTC(y, mo, 1);
  const to = dd ? from + 86_400_000 : Date.UTC(y, mo + 1, 1);
  // Files appear only once their period is over.
  if (to > ctx.now) return undefined;
  const futures = market !== 'spot';
  const micro = !futures && from >= MICROS_FROM;
  const scale = micro ? 1000 : 1;
  const lines: string[] = futures && y >= 2022 ? [FUTURES_HEADER] : [];
  for (const t of openTimes(ctx.spec, symbol!, step, from, to - 1, ctx.now)) {
    const b = generateBar(ctx.spec.seed, symbol!, step, t);
    lines.push(
      [
        t * scale,
        b.open,
        b.high,
        b.low,
        b.close,
        b.volume,
        (t + step - 1) * scale,
        b.volume * b.vwap,
        b.trades,
        b.volume / 2,
        (b.volume / 2) * b.vwap,
        0,
      ].join(','),
    );
  }
  const base = `${symbol}-${interval}-${yyyy}-${mm}${dd ? `-${dd}` : ''}`;
  const zip = zipSync(
    { [`${base}.csv`]: strToU8(`${lines.join('\n')}\n`) },
    { mtime: new Date(Date.UTC(2020, 0, 1)) },
  );
  return { name: `${base}.zip`, zip };
}

export function archive(ctx: RouteContext): Reply {
  const m = PATH_RE.exec(ctx.url.pathname);
  if (!m) return notFound;
  const built = buildZip(ctx, m);
  if (!built) return notFound;
  if (m[8]) {
    const sum = createHash('sha256').update(built.zip).digest('hex');
    return { status: 200, headers: { 'content-type': 'text/plain' }, body: `${sum}  ${built.name}\n` };
  }
  return { status: 200, headers: { 'content-type': 'application/zip' }, body: built.zip };
}
