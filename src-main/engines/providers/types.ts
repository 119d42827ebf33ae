import type { Bar } from '../../../src-shared/domain/bar';
import type { ProviderName } from '../../../src-shared/domain/job';
import type { Timeframe } from '../../../src-shared/domain/timeframe';

/** How a provider budgets requests: weight per minute (Binance) or requests per minute (the others). */
export interface RateLimitModel {
  /** Budget units per minute per host (weight for Binance, requests for the others). */
  perMinute: number;
  /** Response header telling how much of the budget is used (Binance) or left (Alpaca). */
  usedHeader?: string;
  remainingHeader?: string;
}

export interface ProviderCapabilities {
  name: ProviderName;
  label: string;
  timeframes: readonly Timeframe[];
  /** Most bars one request may return. */
  maxRowsPerRequest: number;
  /** Earliest data the provider serves (ms UTC). */
  historyFrom: number;
  /** Only this many most recent bars are served (Kraken OHLC); older ranges are refused when planned. */
  recentBarsOnly?: number;
  /** Per timeframe, how far back from now bars exist (Yahoo intraday); older ranges are refused when planned. */
  recentWindowMs?: Partial<Record<Timeframe, number>>;
  /** Where older data can be had instead, for that refusal's message. */
  olderDataHint?: string;
  rateLimit: RateLimitModel;
  needsKey: boolean;
  defaultBaseUrl: string;
  /** Environment variables the CLI reads the key from. */
  keyEnv: readonly string[];
  /** Largest answer read (bytes); a bigger one is refused as it streams in (see providers/limits.ts). */
  maxResponseBytes: number;
}

/** One HTTP exchange as a provider describes it; the engine adds limits, retries and timeouts. */
export interface HttpRequest {
  url: URL;
  headers?: Record<string, string>;
  /** Budget units this request costs (Binance weight; 1 elsewhere). */
  weight: number;
  /** What this request is for, for messages ("BTCUSDT 1m 2024-01-01..02"). */
  label: string;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
  text(): string;
}

/**
 * Sends one request through the engine (rate limit, timeout, retries) and turns a 2xx answer into a
 * value with `parse`; `parse` throws ProtocolError for a malformed body, which is retried too.
 */
export type Caller = <T>(req: HttpRequest, parse: (res: RawResponse) => T) => Promise<T>;

export interface BarQuery {
  symbol: string;
  /** The series' venue (Interactive Brokers picks the contract's primary exchange by it). */
  venue?: string;
  timeframe: Timeframe;
  /** [from, to) in ms UTC. */
  from: number;
  to: number;
  /** Told of rows the source sent without prices (Yahoo's nulls), which are skipped, not stored. */
  onSkipped?: (count: number) => void;
}

/** Time as a provider sees it (the engine's Clock): socket providers pace and wait with it. */
export interface ProviderClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** What the job lends a provider that does not go through the HTTP Caller (Interactive Brokers). */
export interface FetchContext {
  clock: ProviderClock;
  signal: AbortSignal;
  /** Counts one request sent (the job's summary), as the Caller does for HTTP providers. */
  countRequest?(): void;
}

export interface Provider {
  readonly caps: ProviderCapabilities;
  readonly baseUrl: string;
  /** Every bar the source has in [from, to), following its paging; raw, not yet validated. */
  fetchBars(q: BarQuery, call: Caller, ctx?: FetchContext): Promise<Bar[]>;
}

/** A key as stored: Alpaca has an id and a secret, Polygon a single key (in `secret`). */
export interface ProviderKey {
  id?: string;
  secret: string;
}

export type GetKey = (provider: ProviderName) => Promise<ProviderKey | undefined>;
