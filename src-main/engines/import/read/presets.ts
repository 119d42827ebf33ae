import type { ColumnMapping, PresetName } from '../../../../src-shared/domain/import';
import { normalizeName } from '../parse/columns';

/**
 * A vendor preset is a named mapping plus the vendor's conventions, not a parser: the same reader
 * runs for every file. `signature` recognises the vendor's layout; it is only trusted when it is
 * distinctive (two vendors with the same layout, like NinjaTrader and HistData, need the user to say).
 */
export interface Preset {
  name: PresetName;
  label: string;
  /** Column positions, used when the file has no header (or the header is the vendor's own). */
  mapping?: ColumnMapping;
  hasHeader?: boolean;
  delimiter?: string;
  /** Zone of naive timestamps when the vendor documents one. */
  tz?: string;
  endStamped?: boolean;
  venue?: string;
  /** Recognises the layout from the normalized header (or first row) and the field count. */
  signature?: (names: string[], fields: number, hasHeader: boolean, first: string[]) => boolean;
}

const isEpoch = (s: string | undefined) => /^\d{12,19}$/.test((s ?? '').trim());

export const PRESETS: Record<PresetName, Preset> = {
  yahoo: {
    name: 'yahoo',
    label: 'Yahoo Finance daily CSV (Date,Open,High,Low,Close,Adj Close,Volume)',
    hasHeader: true,
    signature: (names) => names.includes('adjclose') && names.includes('date'),
  },
  'binance-spot': {
    name: 'binance-spot',
    label: 'Binance public archive, spot klines (12 columns, no header, epoch ms/µs)',
    mapping: { ts: 0, open: 1, high: 2, low: 3, close: 4, volume: 5, trades: 8 },
    hasHeader: false,
    tz: 'UTC',
    venue: 'BINANCE',
    signature: (_n, fields, hasHeader, first) =>
      !hasHeader && fields === 12 && isEpoch(first[0]) && isEpoch(first[6]),
  },
  'binance-futures': {
    name: 'binance-futures',
    label: 'Binance public archive, futures klines (header open_time,open,...,ignore)',
    mapping: { ts: 0, open: 1, high: 2, low: 3, close: 4, volume: 5, trades: 8 },
    tz: 'UTC',
    venue: 'BINANCE-FUTURES',
    signature: (names, fields, hasHeader) =>
      hasHeader && fields === 12 && names[0] === 'opentime' && names[6] === 'closetime',
  },
  metatrader4: {
    name: 'metatrader4',
    label: 'MetaTrader 4 History Center export (date,time,open,high,low,close,volume; no header)',
    mapping: { date: 0, time: 1, open: 2, high: 3, low: 4, close: 5, volume: 6 },
    hasHeader: false,
    signature: (_n, fields, hasHeader, first) =>
      !hasHeader &&
      fields === 7 &&
      /^\d{4}\.\d{2}\.\d{2}$/.test(first[0] ?? '') &&
      /^\d{2}:\d{2}$/.test(first[1] ?? ''),
  },
  metatrader5: {
    name: 'metatrader5',
    label: 'MetaTrader 5 Export Bars (<DATE> <TIME> <OPEN> ... <TICKVOL> <VOL> <SPREAD>, tab)',
    hasHeader: true,
    signature: (names) => names.includes('tickvol') && names.includes('spread') && names[0] === 'date',
  },
  ninjatrader: {
    name: 'ninjatrader',
    label: 'NinjaTrader export (yyyyMMdd HHmmss;open;high;low;close;volume; UTC, bars stamped at their end)',
    mapping: { ts: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 },
    hasHeader: false,
    delimiter: ';',
    tz: 'UTC',
    endStamped: true,
  },
  tradingview: {
    name: 'tradingview',
    label: 'TradingView "Export chart data" (time,open,high,low,close,...indicators...,Volume)',
    hasHeader: true,
    signature: (names) => names[0] === 'time' && names.includes('plot'),
  },
  dukascopy: {
    name: 'dukascopy',
    label: 'Dukascopy export (Gmt time,Open,High,Low,Close,Volume; DD.MM.YYYY HH:mm:ss.SSS, UTC)',
    hasHeader: true,
    tz: 'UTC',
    signature: (names) => names[0] === 'gmttime' || names[0] === 'localtime',
  },
  histdata: {
    name: 'histdata',
    label: 'HistData.com generic ASCII (YYYYMMDD HHmmss;open;high;low;close;volume; EST without DST)',
    mapping: { ts: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 },
    hasHeader: false,
    delimiter: ';',
    tz: 'Etc/GMT+5',
  },
  stooq: {
    name: 'stooq',
    label: 'Stooq (bulk <TICKER>,<PER>,<DATE>,<TIME>,... or web Data,Otwarcie,...)',
    hasHeader: true,
    signature: (names) => (names[0] === 'ticker' && names[1] === 'per') || names[1] === 'otwarcie',
  },
  finam: {
    name: 'finam',
    label: 'Finam export (<DATE>;<TIME>;<OPEN>;<HIGH>;<LOW>;<CLOSE>;<VOL>; Moscow time)',
    hasHeader: true,
    tz: 'Europe/Moscow',
    signature: (names, _f, _h, _first) =>
      names[0] === 'date' && names[1] === 'time' && !names.includes('tickvol'),
  },
};

/** The preset whose distinctive signature matches the file, if any. */
export function detectPreset(
  header: string[] | undefined,
  fields: number,
  first: string[],
): Preset | undefined {
  const names = (header ?? []).map(normalizeName);
  for (const p of Object.values(PRESETS)) {
    if (p.signature?.(names, fields, header !== undefined, first)) return p;
  }
  return undefined;
}
