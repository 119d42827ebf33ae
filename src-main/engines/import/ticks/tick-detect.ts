import path from 'node:path';
import { normalizePart } from '../../../../src-shared/domain/series';
import {
  priceFits,
  type TickField,
  type TickFormat,
  type TickKind,
  type TickPlan,
  type TickPrice,
  type TicksMode,
  type TickTime,
} from '../../../../src-shared/domain/ticks';
import { epochUnitOf } from './tick-time';

/** What the user chose for a tick import; anything left out is detected from the file. */
export interface TickOptions {
  ticks: TicksMode;
  price?: TickPrice;
  timeframe?: string;
  format?: TickFormat;
  venue?: string;
  symbol?: string;
  tz?: string;
  /** Generic CSV mapping: `ts=time,bid=2,ask=3` (header names or 1-based column numbers). */
  columns?: string;
  toleranceMs?: number;
}

export const DEFAULT_TOLERANCE_MS = 1000;

interface Layout {
  format: TickFormat;
  kind: TickKind;
  hasHeader: boolean;
  columns: Partial<Record<TickField, number>>;
  time: TickTime;
  tz: string;
  venue?: string;
  symbol?: string;
}

const norm = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** Dukascopy export: `Local time,Ask,Bid,AskVolume,BidVolume` (or `Gmt time`), Ask before Bid. */
function dukascopy(header: string[], first: string[] | undefined): Layout | undefined {
  const n = header.map(norm);
  if (!(n[0] === 'localtime' || n[0] === 'gmttime' || n[0] === 'timeeet')) return undefined;
  const ask = n.indexOf('ask');
  const bid = n.indexOf('bid');
  if (ask < 0 || bid < 0) return undefined;
  const columns: Layout['columns'] = { ts: 0, ask, bid };
  const askVol = n.indexOf('askvolume');
  const bidVol = n.indexOf('bidvolume');
  if (askVol >= 0) columns.ask_size = askVol;
  if (bidVol >= 0) columns.bid_size = bidVol;
  // Local time carries its offset (GMT+0200) on each row; Gmt time is UTC.
  const tz = n[0] === 'gmttime' || /GMT[+-]\d/.test(first?.[0] ?? '') ? 'UTC' : '';
  return {
    format: 'dukascopy',
    kind: 'quotes',
    hasHeader: true,
    columns,
    time: 'dmy-dots',
    tz,
    venue: 'DUKASCOPY',
  };
}

const BINANCE_TRADES = ['id', 'price', 'qty', 'quoteqty', 'time', 'isbuyermaker'];
const BINANCE_AGG = [
  'aggtradeid',
  'price',
  'quantity',
  'firsttradeid',
  'lasttradeid',
  'transacttime',
  'isbuyermaker',
];

function binance(header: string[] | undefined, first: string[]): Layout | undefined {
  const n = header?.map(norm);
  const isInt = (s: string | undefined) => s !== undefined && /^\d+$/.test(s.trim());
  const isTime = (s: string | undefined) => s !== undefined && /^\d{13}$|^\d{16}$/.test(s.trim());
  const isBool = (s: string | undefined) => s !== undefined && /^(true|false)$/i.test(s.trim());
  let format: TickFormat | undefined;
  if (n) {
    if (BINANCE_AGG.every((c, i) => n[i] === c)) format = 'binance-aggtrades';
    else if (BINANCE_TRADES.every((c, i) => n[i] === c)) format = 'binance-trades';
  } else if (
    first.length >= 7 &&
    isInt(first[0]) &&
    isInt(first[3]) &&
    isInt(first[4]) &&
    isTime(first[5]) &&
    isBool(first[6])
  )
    format = 'binance-aggtrades';
  else if (first.length >= 6 && isInt(first[0]) && isTime(first[4]) && isBool(first[5]))
    format = 'binance-trades';
  if (!format) return undefined;
  const agg = format === 'binance-aggtrades';
  const timeCol = agg ? 5 : 4;
  // Spot archives switched from ms to µs in 2025: the unit is read from the first row.
  const time = epochUnitOf(first[timeCol] ?? '') ?? 'epoch-ms';
  return {
    format,
    kind: 'trades',
    hasHeader: n !== undefined,
    columns: { id: 0, price: 1, size: 2, ts: timeCol, side: agg ? 6 : 5 },
    time,
    tz: 'UTC',
    venue: 'BINANCE',
  };
}

function histdata(first: string[]): Layout | undefined {
  if (first.length !== 4 || !/^\d{8} \d{9}$/.test(first[0]!.trim())) return undefined;
  // Fixed EST (UTC-5) the whole year: HistData keeps no daylight saving time. Volume is always 0: left out.
  return {
    format: 'histdata',
    kind: 'quotes',
    hasHeader: false,
    columns: { ts: 0, bid: 1, ask: 2 },
    time: 'ymd-glued',
    tz: 'UTC-5',
    venue: 'HISTDATA',
  };
}

function truefx(first: string[]): Layout | undefined {
  if (first.length !== 4 || !/^[A-Z]{3}\/[A-Z]{3}$/.test(first[0]!.trim())) return undefined;
  if (!/^\d{8} \d{2}:\d{2}:\d{2}/.test(first[1]!.trim())) return undefined;
  return {
    format: 'truefx',
    kind: 'quotes',
    hasHeader: false,
    columns: { ts: 1, bid: 2, ask: 3 },
    time: 'ymd-colons',
    tz: 'UTC',
    venue: 'TRUEFX',
    symbol: first[0]!.trim().replace('/', ''),
  };
}

/** A generic CSV's mapping (`ts=time,bid=2`): header names or 1-based column numbers. */
function generic(
  spec: string,
  header: string[] | undefined,
  first: string[],
  tz: string | undefined,
): Layout | string {
  const columns: Layout['columns'] = {};
  for (const part of spec.split(',')) {
    const [field, col] = part.split('=').map((s) => s.trim());
    if (
      !field ||
      !col ||
      !['ts', 'bid', 'ask', 'bid_size', 'ask_size', 'price', 'size', 'side', 'id'].includes(field)
    )
      return `--tick-columns "${part}" must look like FIELD=COLUMN with FIELD one of ts, bid, ask, bid_size, ask_size, price, size, side, id`;
    const byName = header?.findIndex((h) => norm(h) === norm(col)) ?? -1;
    const index = /^\d+$/.test(col) ? Number(col) - 1 : byName;
    if (index < 0)
      return `--tick-columns: no column "${col}" in the header${header ? ` (${header.join(', ')})` : ''}`;
    columns[field as TickField] = index;
  }
  if (columns.ts === undefined) return '--tick-columns must map ts';
  const quotes = columns.bid !== undefined && columns.ask !== undefined;
  if (!quotes && columns.price === undefined)
    return '--tick-columns must map bid and ask (quotes) or price (trades)';
  const t = (first[columns.ts] ?? '').trim();
  const time =
    epochUnitOf(t) ??
    (/^\d{4}-\d{2}-\d{2}[T ]/.test(t)
      ? 'iso'
      : /^\d{2}\.\d{2}\.\d{4} /.test(t)
        ? 'dmy-dots'
        : /^\d{8} \d{9}$/.test(t)
          ? 'ymd-glued'
          : /^\d{8} \d{2}:/.test(t)
            ? 'ymd-colons'
            : undefined);
  if (!time)
    return `the time "${t}" of the first row is none of: ISO 8601, epoch s/ms/µs/ns, DD.MM.YYYY HH:MM:SS, YYYYMMDD HHMMSS`;
  return {
    format: 'generic',
    kind: quotes ? 'quotes' : 'trades',
    hasHeader: header !== undefined,
    columns,
    time,
    tz: tz ?? 'UTC',
  };
}

function delimiterOf(line: string): string {
  for (const d of [',', ';', '\t']) if (line.includes(d)) return d;
  return ',';
}

// A symbol in the file name: EURUSD_Ticks_…, DAT_ASCII_EURUSD_T_202001, BTCUSDT-trades-2024-01-02.
function symbolFromName(file: string, format: TickFormat): string | undefined {
  const base = path.basename(file).replace(/\.(csv|txt|zip)$/i, '');
  const m =
    format === 'histdata'
      ? /(?:^|_)([A-Z]{6})_T(?:_|$)/i.exec(base)
      : format.startsWith('binance')
        ? /^([A-Z0-9]+)-(?:trades|aggTrades)-/i.exec(base)
        : /^([A-Z0-9]{3,12})(?:[_-]|$)/i.exec(base);
  return m?.[1]?.toUpperCase();
}

/** The plan of one tick file from its first lines and the user's choices, or why it cannot be imported. */
export function planTicks(file: string, sampleText: string, o: TickOptions): TickPlan | { refusal: string } {
  const lines = sampleText.split('\n').filter((l) => l.trim().length > 0);
  if (lines.length === 0) return { refusal: 'the file is empty' };
  const delimiter = delimiterOf(lines[0]!);
  const split = (l: string) => l.replace(/\r$/, '').split(delimiter);
  const l0 = split(lines[0]!);
  // A header is a first line whose fields hold no number at all.
  const headed = !l0.some((f) => /^\s*-?\d/.test(f));
  const header = headed ? l0 : undefined;
  const first = headed ? (lines[1] ? split(lines[1]) : []) : l0;
  let layout: Layout | string | undefined;
  if (o.columns) layout = generic(o.columns, header, first, o.tz);
  else {
    const found =
      (header && dukascopy(header, first)) ||
      binance(header, first) ||
      (!header && (histdata(first) ?? truefx(first)));
    layout = found || undefined;
  }
  if (typeof layout === 'string') return { refusal: layout };
  if (!layout)
    return {
      refusal: `its layout is none of the tick formats known (Dukascopy, HistData, Binance trades/aggTrades, TrueFX); map its columns with --tick-columns ts=…,bid=…,ask=… or ts=…,price=…,size=…`,
    };
  if (o.format && o.format !== layout.format)
    return { refusal: `it reads as ${layout.format}, not ${o.format}` };
  const tz = o.tz && layout.format === 'generic' ? o.tz : layout.tz || o.tz;
  if (!tz)
    return {
      refusal:
        'its times are local times without an offset (Local time, no GMT+hhmm suffix); pass --tz with their zone',
    };
  const venue = o.venue ?? layout.venue;
  const symbol = o.symbol ?? layout.symbol ?? symbolFromName(file, layout.format);
  if (!venue) return { refusal: 'no venue is known for it; pass --venue' };
  if (!symbol) return { refusal: 'no symbol could be read from its name; pass --symbol' };
  const price = o.price ?? (o.ticks === 'keep' ? null : layout.kind === 'trades' ? 'last' : 'mid');
  if (price && !priceFits(layout.kind, price))
    return {
      refusal:
        layout.kind === 'trades'
          ? `it holds trades: bars from it use --price last, not ${price}`
          : `it holds quotes: bars from it use --price bid, ask or mid, not ${price}`,
    };
  if (o.ticks !== 'keep' && !o.timeframe)
    return { refusal: `--ticks ${o.ticks} builds bars: pass --timeframe (1s or longer)` };
  return {
    format: layout.format,
    kind: layout.kind,
    venue: normalizePart(venue),
    symbol: normalizePart(symbol),
    hasHeader: layout.hasHeader,
    delimiter,
    columns: layout.columns,
    columnNames: header ? header.map((h) => h.trim()) : first.map((_, i) => String(i + 1)),
    time: layout.time,
    tz,
    ticks: o.ticks,
    price: o.ticks === 'keep' ? null : price,
    timeframe: o.ticks === 'keep' ? null : (o.timeframe ?? null),
    toleranceMs: o.toleranceMs ?? DEFAULT_TOLERANCE_MS,
  };
}
