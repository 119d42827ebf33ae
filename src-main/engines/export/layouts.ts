import { BAR_BASE_COLUMNS } from '../../../src-shared/domain/bar';
import type { ExportFormat } from '../../../src-shared/domain/job-kinds/export';
import { isDailyOrLonger, nominalMs, type Timeframe } from '../../../src-shared/domain/timeframe';
import { BarcatError } from '../../plumbing/errors';
import type { BarBatch } from '../catalog/index';
import { offsetText, type WallFields, wallFields } from './fields';
import type { WallClock } from './wall-time';

// The format list is shared with the app's Export dialog (src-shared/domain/job-kinds/export.ts).
export { EXPORT_FORMATS, type ExportFormat } from '../../../src-shared/domain/job-kinds/export';
export type TextFormat = Exclude<ExportFormat, 'parquet'>;

/** One text layout: how a bar's time and values become a line, as the vendor's importer reads them. */
interface TextLayout {
  /** Bars stamped with their end time (intraday only; daily bars carry their date). */
  endStamped: boolean;
  /** The time text carries its UTC offset, so a repeated wall-clock hour stays unambiguous. */
  carriesOffset: boolean;
  /** Value columns written besides open..volume (the rest are dropped and reported). */
  extras: readonly string[];
  header(daily: boolean, extra: readonly string[]): string | undefined;
  time(f: WallFields, daily: boolean, offset: number): string;
  delimiter: string;
  /** Line ending, as the vendor's own files have it. */
  eol: '\n' | '\r\n';
}

const iso = (f: WallFields) => `${f.y}-${f.mo}-${f.d}T${f.h}:${f.mi}:${f.s}`;

export const LAYOUTS: Record<TextFormat, TextLayout> = {
  csv: {
    endStamped: false,
    carriesOffset: true,
    extras: ['trades', 'vwap', 'complete', 'filled'],
    header: (_daily, extra) => [...BAR_BASE_COLUMNS, ...extra].join(','),
    // Milliseconds as `barcat query` writes them, so a UTC export is byte for byte the query's CSV.
    time: (f, _daily, offset) => `${iso(f)}.000${offsetText(offset, true)}`,
    delimiter: ',',
    eol: '\n',
  },
  metatrader: {
    endStamped: false,
    carriesOffset: false,
    extras: [],
    header: () => undefined,
    time: (f, daily) => `${f.y}.${f.mo}.${f.d},${daily ? '00:00' : `${f.h}:${f.mi}`}`,
    delimiter: ',',
    eol: '\n',
  },
  ninjatrader: {
    endStamped: true,
    carriesOffset: false,
    extras: [],
    header: () => undefined,
    time: (f, daily) => (daily ? `${f.y}${f.mo}${f.d}` : `${f.y}${f.mo}${f.d} ${f.h}${f.mi}${f.s}`),
    delimiter: ';',
    // NinjaTrader's own exports are Windows text (CRLF), as in testdata/real/ninjatrader.
    eol: '\r\n',
  },
  tradingview: {
    endStamped: false,
    carriesOffset: true,
    extras: [],
    header: () => 'time,open,high,low,close,Volume',
    time: (f, daily, offset) =>
      daily ? `${f.y}-${f.mo}-${f.d}T00:00:00Z` : `${iso(f)}${offsetText(offset, true)}`,
    delimiter: ',',
    eol: '\n',
  },
  amibroker: {
    endStamped: false,
    carriesOffset: false,
    extras: [],
    header: (daily) => (daily ? 'Date,Open,High,Low,Close,Volume' : 'Date,Time,Open,High,Low,Close,Volume'),
    time: (f, daily) => (daily ? `${f.y}-${f.mo}-${f.d}` : `${f.y}-${f.mo}-${f.d},${f.h}:${f.mi}:${f.s}`),
    delimiter: ',',
    eol: '\n',
  },
};

/** Bars plus the resampler's flags, as one export writes them. */
export interface ExportBars {
  bars: BarBatch;
  timeframe: Timeframe;
  complete?: Uint8Array;
  filled?: Uint8Array;
}

/** Of the `present` extra columns, those a format cannot hold: left out, and the export says so. */
export function droppedColumns(format: ExportFormat, present: readonly string[]): string[] {
  return format === 'parquet' ? [] : present.filter((c) => !LAYOUTS[format].extras.includes(c));
}

/** Refuses what a vendor cannot take: MetaTrader times have no seconds; NinjaTrader imports only 1m and 1d bars. */
export function checkLayout(format: ExportFormat, timeframe: Timeframe): void {
  if (format === 'metatrader' && timeframe === '1s')
    throw new BarcatError(
      'USAGE',
      'MetaTrader history files stamp bars to the minute, so 1s bars cannot be written; add --timeframe 1m or choose --format csv',
    );
  if (format === 'ninjatrader' && timeframe !== '1m' && timeframe !== '1d')
    throw new BarcatError(
      'USAGE',
      `NinjaTrader imports 1-minute and daily bars only, not ${timeframe}; add --timeframe 1m or --timeframe 1d (it builds other periods itself)`,
    );
}

/** The extra columns a layout writes for bars that have `present` ones, in the layout's order. */
export function keptColumns(format: TextFormat, present: readonly string[]): string[] {
  return LAYOUTS[format].extras.filter((c) => present.includes(c));
}

/**
 * Lines of one file, fed batch by batch. Intraday times are wall-clock times of `clock`'s zone;
 * daily and longer bars keep their session date (a zone never shifts a date). Two bars reading the
 * same wall-clock time (the repeated hour when DST ends) in a layout without offsets are refused.
 */
export class TextWriter {
  private prevWall = Number.NEGATIVE_INFINITY;
  private readonly layout: TextLayout;
  private readonly daily: boolean;
  private readonly shift: number;

  constructor(
    private readonly format: TextFormat,
    timeframe: Timeframe,
    private readonly clock: WallClock,
    /** Extra columns of the file (keptColumns); a batch lacking one writes it empty. */
    private readonly extra: readonly string[],
  ) {
    this.layout = LAYOUTS[format];
    this.daily = isDailyOrLonger(timeframe);
    this.shift = this.layout.endStamped && !this.daily ? nominalMs(timeframe) : 0;
  }

  header(): string | undefined {
    const h = this.layout.header(this.daily, this.extra);
    return h === undefined ? undefined : `${h}${this.layout.eol}`;
  }

  *rows(data: ExportBars, rowsPerChunk = 10_000): Generator<string> {
    const { bars } = data;
    const { layout, daily, shift, clock } = this;
    const d = layout.delimiter;
    for (let start = 0; start < bars.length; start += rowsPerChunk) {
      const end = Math.min(bars.length, start + rowsPerChunk);
      let text = '';
      for (let i = start; i < end; i++) {
        const stamp = bars.ts[i]! + shift;
        const offset = daily ? 0 : clock.offset(stamp);
        const wall = stamp + offset;
        if (!layout.carriesOffset && wall <= this.prevWall)
          throw new BarcatError(
            'BAD_INPUT',
            `the bar at ${new Date(bars.ts[i]!).toISOString()} reads the same ${clock.zone} wall-clock time as the one before it (the hour repeated when daylight saving time ends), which ${this.format} files cannot tell apart; export with --tz UTC or --format csv`,
          );
        this.prevWall = wall;
        text += `${layout.time(wallFields(wall), daily, offset)}${d}${bars.open[i]}${d}${bars.high[i]}${d}${bars.low[i]}${d}${bars.close[i]}${d}${bars.volume[i]}`;
        for (const c of this.extra) text += `${d}${extraValue(data, c, i)}`;
        text += layout.eol;
      }
      yield text;
    }
  }
}

/** Present extra columns of `data` (trades, vwap, complete, filled). */
function presentColumns(data: ExportBars): string[] {
  return [
    ...(data.bars.trades ? ['trades'] : []),
    ...(data.bars.vwap ? ['vwap'] : []),
    ...(data.complete ? ['complete'] : []),
    ...(data.filled ? ['filled'] : []),
  ];
}

/** A whole file of `data` at once (query output, resampled exports). */
export function* textChunks(format: TextFormat, data: ExportBars, clock: WallClock): Generator<string> {
  const writer = new TextWriter(format, data.timeframe, clock, keptColumns(format, presentColumns(data)));
  const header = writer.header();
  if (header !== undefined) yield header;
  yield* writer.rows(data);
}

function extraValue(data: ExportBars, column: string, i: number): string {
  if (column === 'complete') return data.complete?.[i] ? 'true' : 'false';
  if (column === 'filled') return data.filled?.[i] ? 'true' : 'false';
  const v = data.bars[column as 'trades' | 'vwap']?.[i];
  return v === undefined || Number.isNaN(v) ? '' : String(v);
}
