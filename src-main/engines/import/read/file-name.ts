import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { isTimeframe, parseTimeframe } from '../../../../src-shared/domain/timeframe';

/** What a file name says about its series and period. */
export interface NameFacts {
  venue?: string;
  symbol?: string;
  timeframe?: Timeframe;
  year?: number;
  month?: number;
}

/** N minutes as a timeframe (TradingView names them by minutes: `, 10.csv`, `, 240.csv`); 1440 is `1d`. */
function minutesTf(n: number): Timeframe | undefined {
  if (n === 1440) return '1d';
  const parsed = parseTimeframe(`${n}m`);
  return 'timeframe' in parsed ? parsed.timeframe : undefined;
}

function unitsTf(n: string, unit: 'd' | 'w'): Timeframe | undefined {
  const parsed = parseTimeframe(`${Number(n)}${unit}`);
  return 'timeframe' in parsed ? parsed.timeframe : undefined;
}

/** `1h`, `H1`, `M15`, `M10`, `D1`, `MN1`, `60`, `10`, `1min`, `minutes30`, `2D`, `hour`, `d`, `daily` -> timeframe. */
export function timeframeFromToken(raw: string): Timeframe | undefined {
  const t = raw.trim();
  if (isTimeframe(t)) return t;
  const low = t.toLowerCase();
  const words: Record<string, Timeframe> = {
    d: '1d',
    d1: '1d',
    daily: '1d',
    day: '1d',
    w: '1w',
    w1: '1w',
    weekly: '1w',
    mn: '1M',
    mn1: '1M',
    monthly: '1M',
    hour: '1h',
    hourly: '1h',
    h: '1h',
    minute: '1m',
    min: '1m',
    minutes: '1m',
    '1min': '1m',
    '1d': '1d',
  };
  if (words[low]) return words[low];
  let m = /^([mh])(\d{1,3})$/.exec(low);
  if (m) return minutesTf(Number(m[2]) * (m[1] === 'h' ? 60 : 1));
  m = /^(\d{1,4})(m|min|mins|minute|minutes|h|hour|hours)$/.exec(low);
  if (m) return minutesTf(Number(m[1]) * (m[2]?.startsWith('h') ? 60 : 1));
  m = /^(\d{1,3})(d|days?|w|weeks?)$/.exec(low);
  if (m) return unitsTf(m[1] as string, m[2]?.startsWith('w') ? 'w' : 'd');
  m = /^minutes(\d{1,3})$/.exec(low);
  if (m) return minutesTf(Number(m[1]));
  if (/^\d{1,4}$/.test(low)) return minutesTf(Number(low));
  return undefined;
}

const VENUES = new Set([
  'BINANCE',
  'COINBASE',
  'BITSTAMP',
  'KRAKEN',
  'BITFINEX',
  'BYBIT',
  'OKX',
  'NASDAQ',
  'NYSE',
  'FXCM',
  'OANDA',
  'GEMINI',
]);
const NOISE = new Set([
  'DAT',
  'ASCII',
  'DATA',
  'HISTORICAL',
  'QUOTES',
  'HISTORICALQUOTES',
  'CSV',
  'TXT',
  'BARS',
  'KLINES',
  'TEST',
  'DADOS',
  'HISTORICOS',
]);

/** Compiles a user pattern like `{SYMBOL}-{TF}-{YYYY}-{MM}` (`*` and `{*}` match anything). */
export function compileNamePattern(pattern: string): RegExp {
  const parts = pattern.split(/(\{[A-Za-z*]+\}|\*)/);
  const body = parts
    .map((p) => {
      switch (p.toUpperCase()) {
        case '{SYMBOL}':
          return '(?<symbol>[A-Za-z0-9.^]+?)';
        case '{VENUE}':
          return '(?<venue>[A-Za-z0-9.]+?)';
        case '{TF}':
          return '(?<tf>[A-Za-z0-9]+?)';
        case '{YYYY}':
        case '{YEAR}':
          return '(?<year>\\d{4})';
        case '{MM}':
        case '{MONTH}':
          return '(?<month>\\d{1,2})';
        case '*':
        case '{*}':
          return '.*?';
        default:
          return p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
    })
    .join('');
  return new RegExp(`^${body}(\\.[A-Za-z0-9]+)?$`);
}

export function factsFromPattern(base: string, pattern: RegExp): NameFacts | undefined {
  const m = pattern.exec(base);
  if (!m?.groups) return undefined;
  const g = m.groups;
  return {
    symbol: g.symbol?.toUpperCase(),
    venue: g.venue?.toUpperCase(),
    timeframe: g.tf ? timeframeFromToken(g.tf) : undefined,
    year: g.year ? Number(g.year) : undefined,
    month: g.month ? Number(g.month) : undefined,
  };
}

/** Best-effort reading of common vendor names: `BTCUSDT-1h-2024-11`, `EURUSD_M1_2019`, `BINANCE_BTCUSDT, 60`. */
export function factsFromFileName(fileName: string): NameFacts {
  const base = fileName.replace(/\.(csv|txt|tsv)$/i, '');
  const facts: NameFacts = {};
  const tokens = base.split(/[\s,_-]+/).filter((t) => t.length > 0);
  const rest: string[] = [];
  for (const t of tokens) {
    const up = t.toUpperCase();
    if (!facts.timeframe && timeframeFromToken(t) && !/^\d{4}$/.test(t) && (rest.length > 0 || facts.venue)) {
      facts.timeframe = timeframeFromToken(t);
      continue;
    }
    const m = /^((?:19|20)\d{2})(\d{2})?$/.exec(t);
    if (m && !facts.year) {
      facts.year = Number(m[1]);
      if (m[2]) facts.month = Number(m[2]);
      continue;
    }
    if (facts.year && !facts.month && /^\d{2}$/.test(t) && Number(t) >= 1 && Number(t) <= 12) {
      facts.month = Number(t);
      continue;
    }
    if (!facts.venue && VENUES.has(up) && tokens.length > 1) {
      facts.venue = up;
      continue;
    }
    if (NOISE.has(up) || /^\d+$/.test(t)) continue;
    rest.push(t);
  }
  const first = rest[0];
  if (first) {
    // MT4 names glue the period in minutes to the symbol: EURUSD60, GBPUSD1440.
    const glued = /^([A-Za-z]{6})(\d{1,4})$/.exec(first);
    if (glued && !facts.timeframe && timeframeFromToken(glued[2] as string)) {
      facts.symbol = (glued[1] as string).toUpperCase();
      facts.timeframe = timeframeFromToken(glued[2] as string);
    } else if (/^[A-Za-z^][A-Za-z0-9.^]*$/.test(first)) facts.symbol = first.toUpperCase().replace(/^\^/, '');
  }
  return facts;
}
