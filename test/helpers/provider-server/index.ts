// A local stand-in for Binance (spot, futures, archive), Alpaca, Polygon, the crypto exchanges, Yahoo and Tiingo on 127.0.0.1: their
// real paths, parameters, headers and body shapes, deterministic data from a seed, and faults on demand.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { DataSpec } from './data';
import { FaultQueue, faultReply } from './faults';
import { ServerLimits } from './limits';
import {
  bybitInstruments,
  coinbaseProducts,
  krakenAssetPairs,
  okxInstruments,
} from './symbols/exchange-symbols';
import { alpacaAssets, exchangeInfo, polygonTickers } from './symbols/symbols';
import type { Fault, LoggedRequest, ProviderServerOptions, Reply, RouteContext, ServerKeys } from './types';
import { alpacaBars } from './vendors/alpaca';
import { archive } from './vendors/archive';
import { klines } from './vendors/binance';
import { bybitKline } from './vendors/bybit';
import { coinbaseCandles } from './vendors/coinbase';
import { krakenOhlc } from './vendors/kraken';
import { okxHistoryCandles } from './vendors/okx';
import { polygonAggs } from './vendors/polygon';
import { tiingoPrices } from './vendors/tiingo';
import { yahooChart } from './vendors/yahoo';

export type { DataSpec, GeneratedBar } from './data';
export { expectedBars, generateBar } from './data';
export type * from './types';

export const TEST_KEYS: ServerKeys = {
  alpacaKeyId: 'TESTKEYID',
  alpacaSecret: 'test-secret-value',
  polygonKey: 'test-polygon-key',
  tiingoKey: 'test-tiingo-key',
};

export interface ProviderServer {
  /** Base URL, e.g. http://127.0.0.1:40123 (every provider's base URL points here). */
  url: string;
  spec: DataSpec;
  now(): number;
  /** Every request seen, in arrival order. */
  requests: LoggedRequest[];
  inject(fault: Fault): void;
  clearFaults(): void;
  /** Resolves once a request hit by a `held` fault is waiting for its answer. */
  held(): Promise<void>;
  /** Answers every request a `held` fault holds. */
  release(): void;
  /** 429/418 answers caused by the client going over a limit (injected faults not counted). */
  limitStats(): { rateLimited: number; banned: number };
  close(): Promise<void>;
}

function route(
  ctx: RouteContext,
  base: string,
  alpacaRate: { limit: number; remaining: number; reset: number },
): Reply {
  const p = ctx.url.pathname;
  if (p === '/api/v3/klines') return klines(ctx, false);
  if (p === '/fapi/v1/klines') return klines(ctx, true);
  if (p === '/api/v3/exchangeInfo') return exchangeInfo(ctx, false);
  if (p === '/fapi/v1/exchangeInfo') return exchangeInfo(ctx, true);
  if (p === '/v2/assets') return alpacaAssets(ctx);
  if (p === '/v3/reference/tickers') return polygonTickers(ctx, base, ctx.symbolPageSize);
  if (p.startsWith('/data/')) return archive(ctx);
  const alpaca = /^\/v2\/stocks\/([A-Za-z0-9.]+)\/bars$/.exec(p);
  if (alpaca) return alpacaBars(ctx, alpaca[1]!, alpacaRate);
  if (p.startsWith('/v2/aggs/')) return polygonAggs(ctx, base);
  const coinbase = /^\/products\/([A-Za-z0-9-]+)\/candles$/.exec(p);
  if (coinbase) return coinbaseCandles(ctx, coinbase[1]!);
  if (p === '/v5/market/kline') return bybitKline(ctx);
  if (p === '/api/v5/market/history-candles') return okxHistoryCandles(ctx);
  if (p === '/0/public/OHLC') return krakenOhlc(ctx);
  if (p === '/products') return coinbaseProducts(ctx);
  if (p === '/0/public/AssetPairs') return krakenAssetPairs(ctx);
  if (p === '/v5/market/instruments-info') return bybitInstruments(ctx);
  if (p === '/api/v5/public/instruments') return okxInstruments(ctx);
  const yahoo = /^\/v8\/finance\/chart\/([A-Za-z0-9.^=-]+)$/.exec(p);
  if (yahoo) return yahooChart(ctx, yahoo[1]!);
  const tiingo = /^\/(tiingo\/daily|iex)\/([a-z0-9.-]+)\/prices$/.exec(p);
  if (tiingo) return tiingoPrices(ctx, tiingo[2]!, tiingo[1] === 'iex');
  return {
    status: 404,
    headers: { 'content-type': 'application/json' },
    body: '{"code":-1,"msg":"not found"}',
  };
}

export async function startProviderServer(opts: ProviderServerOptions = {}): Promise<ProviderServer> {
  const spec: DataSpec = {
    seed: opts.seed ?? 42,
    symbols: opts.symbols ?? ['BTCUSDT', 'ETHUSDT', 'AAPL', 'MSFT'],
    listedFrom: opts.listedFrom,
    delisted: opts.delisted,
    holes: opts.holes ?? [],
  };
  const now = opts.now ?? Date.now;
  const keys: ServerKeys = { ...TEST_KEYS, ...opts.keys };
  const faults = new FaultQueue();
  const spotLimits = new ServerLimits(opts.maxRequestsPerSecond, opts.weightPerMinute ?? 6000);
  const futLimits = new ServerLimits(opts.maxRequestsPerSecond, opts.weightPerMinute ?? 2400);
  const otherLimits = new ServerLimits(opts.maxRequestsPerSecond, Number.POSITIVE_INFINITY);
  const requests: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  let base = '';
  let alpacaCalls: number[] = [];

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const at = Date.now();
    const url = new URL(req.url ?? '/', base);
    if (url.pathname === '/__stats') {
      // For a server in another process (benches): what it saw, not logged as a request.
      const first = requests[0]?.at ?? null;
      const last = requests.at(-1)?.at ?? null;
      const stats = {
        requests: requests.length,
        first,
        last,
        times: requests.map((r) => r.at),
        ...limitStats(),
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
      return;
    }
    const query = Object.fromEntries([...url.searchParams].filter(([k]) => k !== 'apiKey'));
    const hadKey =
      url.searchParams.has('apiKey') || !!req.headers.authorization || !!req.headers['apca-api-key-id'];
    const entry: LoggedRequest = {
      at,
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      status: null,
      fault: null,
      hadKey,
    };
    requests.push(entry);
    const send = (reply: Reply, truncate = false): void => {
      entry.status = reply.status;
      const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : Buffer.from(reply.body);
      if (truncate) {
        // Promise the full length, send half, then cut the connection: a truncated body.
        res.writeHead(reply.status, { ...reply.headers, 'content-length': String(body.length) });
        res.write(body.subarray(0, Math.floor(body.length / 2)));
        setTimeout(() => res.socket?.destroy(), 5);
        return;
      }
      res.writeHead(reply.status, { ...reply.headers, 'content-length': String(body.length) });
      res.end(body);
    };
    const fault = faults.take(url.pathname);
    const limits = url.pathname.startsWith('/fapi/')
      ? futLimits
      : url.pathname.startsWith('/api/v3/')
        ? spotLimits
        : otherLimits;
    if (fault) {
      entry.fault = fault.kind;
      const reply = faultReply(fault);
      if (reply) {
        limits.noteInjected(at, reply.status, fault.retryAfterSec ?? 1);
        send(reply);
        return;
      }
      if (fault.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault.kind === 'endless') {
        endless(res, entry);
        return;
      }
      if (fault.kind === 'held') {
        holding.push(() => answer(false));
        for (const w of heldWaiters.splice(0)) w();
        return;
      }
      if (fault.kind === 'slow') {
        const timer = setTimeout(() => answer(false), fault.delayMs ?? 5000);
        res.on('close', () => clearTimeout(timer));
        return;
      }
    }
    answer(fault?.kind === 'truncated');

    function answer(truncate: boolean): void {
      const ctx: RouteContext = {
        url,
        headers: req.headers,
        spec,
        now: now(),
        weight: 1,
        keys,
        maxPageRows: opts.maxPageRows ?? Number.POSITIVE_INFINITY,
        symbolPageSize: opts.symbolPageSize ?? 1000,
      };
      alpacaCalls = alpacaCalls.filter((t) => t > at - 60_000);
      alpacaCalls.push(at);
      const rate = {
        limit: 200,
        remaining: Math.max(0, 200 - alpacaCalls.length),
        reset: Math.ceil((at + 60_000) / 1000),
      };
      const reply = route(ctx, base, rate);
      const isBinance = url.pathname.startsWith('/api/v3/') || url.pathname.startsWith('/fapi/');
      const refused = limits.admit(at, isBinance ? ctx.weight : 0);
      if (refused) {
        send({
          status: refused.status,
          headers: { 'content-type': 'application/json', 'retry-after': String(refused.retryAfterSec) },
          body: JSON.stringify({ code: -1003, msg: 'Too many requests; current limit is exceeded.' }),
        });
        return;
      }
      if (isBinance)
        reply.headers = { ...reply.headers, 'x-mbx-used-weight-1m': String(limits.usedWeight(at)) };
      send(reply, truncate);
    }
  };

  // 64 KiB of a JSON array's worth of digits at a time, as fast as the client reads, until it hangs up.
  const endless = (res: ServerResponse, entry: LoggedRequest): void => {
    entry.status = 200;
    entry.bytesSent = 0;
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, '1');
    let open = true;
    res.on('close', () => {
      open = false;
    });
    const pump = (): void => {
      while (open && res.write(chunk)) entry.bytesSent! += chunk.length;
      if (open) res.once('drain', pump);
    };
    pump();
  };

  const limitStats = () => ({
    rateLimited: spotLimits.rateLimited + futLimits.rateLimited + otherLimits.rateLimited,
    banned: spotLimits.banned + futLimits.banned + otherLimits.banned,
  });
  const server = createServer(handle);
  const holding: (() => void)[] = [];
  const heldWaiters: (() => void)[] = [];
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    spec,
    now,
    requests,
    inject: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    held: () =>
      holding.length > 0 ? Promise.resolve() : new Promise<void>((resolve) => heldWaiters.push(resolve)),
    release: () => {
      for (const answerNow of holding.splice(0)) answerNow();
    },
    limitStats,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
