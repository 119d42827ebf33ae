import type { BarField, ColumnMapping } from '../../../../src-shared/domain/import';

/** Lower case, accents and brackets removed: `<TICKVOL>` -> `tickvol`, `Último` -> `ultimo`. */
export function normalizeName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9%]+/g, '');
}

/** Known names per field with a priority (higher wins when several columns match). */
const ALIASES: Record<Exclude<BarField, 'ts' | 'date' | 'time'>, Record<string, number>> = {
  open: {
    open: 10,
    o: 8,
    openprice: 9,
    otwarcie: 9,
    abertura: 9,
    apertura: 9,
    ouverture: 9,
    eroffnung: 9,
    eroeffnung: 9,
    first: 5,
  },
  high: { high: 10, h: 8, highprice: 9, max: 6, najwyzszy: 9, maxima: 9, maximo: 9, hoch: 9, plushaut: 9 },
  low: { low: 10, l: 8, lowprice: 9, min: 6, najnizszy: 9, minima: 9, minimo: 9, tief: 9, plusbas: 9 },
  close: {
    close: 10,
    c: 8,
    closeprice: 9,
    last: 7,
    price: 6,
    zamkniecie: 9,
    ultimo: 9,
    cierre: 9,
    cloture: 9,
    schluss: 9,
    schlusskurs: 9,
  },
  volume: {
    volume: 10,
    vol: 6,
    v: 5,
    volumen: 9,
    wolumen: 9,
    tickvol: 7,
    tickvolume: 7,
    volumefrom: 8,
    volumebase: 8,
    basevolume: 8,
  },
  trades: { trades: 10, numberoftrades: 9, numtrades: 9, count: 5, tradecount: 9 },
  vwap: { vwap: 10 },
};

const TS_NAMES: Record<string, number> = {
  // Barcat's own CSV export (`barcat query --format csv`) and epoch columns.
  ts: 10,
  tsms: 10,
  timestampms: 10,
  timestamp: 10,
  datetime: 10,
  datetimeutc: 10,
  timestamputc: 10,
  opentime: 10,
  gmttime: 10,
  localtime: 9,
  utc: 8,
  date: 4,
  data: 4,
  day: 3,
  time: 3,
  dtyyyymmdd: 4,
  tradedate: 4,
  fecha: 4,
  datum: 4,
};
const DATE_NAMES = new Set(['date', 'data', 'day', 'dtyyyymmdd', 'tradedate', 'fecha', 'datum']);
const TIME_NAMES = new Set(['time', 'hour', 'hora', 'zeit', 'heure']);

/** Names that mean "not this": `Adj Close` is an adjusted close, not the close. */
const NEVER = /^(adj|adjusted|change|chg|var|openint|oi|spread|symbol|ticker|per|unix|closetime)/;

export interface NameMapping {
  mapping: ColumnMapping;
  /** Fields matched by name, for confidence. */
  matched: number;
}

/** Maps header names to fields; the timestamp is `ts`, or `date`+`time` when split. */
export function mapByName(header: string[]): NameMapping {
  const names = header.map(normalizeName);
  const mapping: ColumnMapping = {};
  let matched = 0;
  for (const [field, aliases] of Object.entries(ALIASES) as [
    keyof typeof ALIASES,
    Record<string, number>,
  ][]) {
    let best = -1;
    let bestScore = 0;
    names.forEach((n, i) => {
      const score = aliases[n] ?? (field === 'volume' && /^volume[a-z]+$/.test(n) ? 4 : 0);
      if (score > bestScore && !NEVER.test(n)) {
        best = i;
        bestScore = score;
      }
    });
    if (best >= 0) {
      mapping[field] = best;
      matched++;
    }
  }
  const dateCol = names.findIndex((n) => DATE_NAMES.has(n));
  const timeCol = names.findIndex((n) => TIME_NAMES.has(n));
  let tsCol = -1;
  let tsScore = 0;
  names.forEach((n, i) => {
    const score = TS_NAMES[n] ?? 0;
    if (score > tsScore) {
      tsCol = i;
      tsScore = score;
    }
  });
  if (tsScore >= 8) mapping.ts = tsCol;
  else if (dateCol >= 0 && timeCol >= 0) {
    mapping.date = dateCol;
    mapping.time = timeCol;
  } else if (tsCol >= 0) mapping.ts = tsCol;
  if (mapping.ts !== undefined || mapping.date !== undefined) matched++;
  return { mapping, matched };
}

/** True when the header names bid/ask quotes: a tick file, not bars. */
export function looksLikeQuotes(header: string[]): boolean {
  const names = new Set(header.map(normalizeName));
  return (names.has('bid') || names.has('ask')) && !names.has('open') && !names.has('close');
}
