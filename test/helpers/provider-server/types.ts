import type { IncomingHttpHeaders } from 'node:http';
import type { DataSpec } from './data';

/** What a route handler answers; the server core adds faults, limits and the log around it. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: string | Uint8Array;
}

export interface RouteContext {
  url: URL;
  headers: IncomingHttpHeaders;
  spec: DataSpec;
  now: number;
  /** Weight Binance would charge for this request (set by the handler, counted by the core). */
  weight: number;
  keys: ServerKeys;
  maxPageRows: number;
  /** Polygon reference tickers (and Bybit instruments) per page. */
  symbolPageSize: number;
}

export interface ServerKeys {
  alpacaKeyId: string;
  alpacaSecret: string;
  polygonKey: string;
  tiingoKey: string;
}

export type FaultKind =
  | '429'
  | '418'
  | '500'
  | '503'
  | '403'
  | '451'
  | '400'
  | 'slow'
  /** Answered only when the test calls release(): holds a request as long as a test needs. */
  | 'held'
  | 'reset'
  | 'truncated'
  /** Answers with `reply` as given (odd bars, a zip bomb, a huge body). */
  | 'reply'
  /** A 200 whose body never ends (no Content-Length) until the client hangs up. */
  | 'endless';

export interface Fault {
  kind: FaultKind;
  /** How many matching requests get this fault (default 1). */
  times?: number;
  /** Seconds sent in Retry-After for 429/418/503 (default 1). */
  retryAfterSec?: number;
  /** Delay before answering for `slow` (default 5000 ms). */
  delayMs?: number;
  /** Only requests whose path starts with this are hit (default: all). */
  pathPrefix?: string;
  /** The answer for `reply`. */
  reply?: Reply;
}

export interface LoggedRequest {
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  status: number | null;
  fault: FaultKind | null;
  /** Whether a key header or parameter was present (the key itself is never logged). */
  hadKey: boolean;
  /** Body bytes written for an `endless` answer before the client hung up. */
  bytesSent?: number;
}

export interface ProviderServerOptions {
  seed?: number;
  symbols?: string[];
  listedFrom?: Record<string, number>;
  holes?: { from: number; to: number }[];
  /** The server's idea of now (ms); bars after it do not exist, the one containing it is still open. */
  now?: () => number;
  /** Requests per second the server accepts over any trailing second; more get 429. */
  maxRequestsPerSecond?: number;
  /** Binance request weight per minute before 429 (default 6000 spot / 2400 futures). */
  weightPerMinute?: number;
  keys?: Partial<ServerKeys>;
  /** Alpaca/Polygon pages hold at most this many bars, whatever the limit (they page early in reality too). */
  maxPageRows?: number;
  /** Symbols no longer listed: in the symbol lists (marked), with no bars. */
  delisted?: string[];
  /** Polygon reference tickers per page (default 1000), to test paging by next_url. */
  symbolPageSize?: number;
}
