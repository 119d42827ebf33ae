import {
  type BarColumn,
  type BarRule,
  type BarValues,
  barPasses,
  barProblem,
  type TsLimits,
  tsText,
} from '../../../src-shared/domain/bar';
import { normalizePart, partProblem, type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import { isDailyOrLonger, parseTimeframe, type Timeframe } from '../../../src-shared/domain/timeframe';
import { RowScanner, ZoneConverter } from '../import/index';
import { type DbImportPlan, type SeriesSource, seriesColumns, valueFields } from './plan';
import { MAX_CACHED_SERIES, SeriesByBytes, type SeriesOf } from './series-bytes';

export type DbRowRule = BarRule | 'duplicate' | 'bad_series';

/** A row that breaks a rule, named by its key (series and time), not by a line number. */
export interface DbRowProblem {
  /** `BINANCE:BTCUSDT:1m@2024-01-02T00:00:00.000Z`, or the raw key values when no series/time is known. */
  key: string;
  rule: DbRowRule;
  column: string;
  what: string;
}

/** A checked bar (absent volume, trades, vwap as NaN) and its series. */
export interface DbBar extends BarValues {
  series: string;
  key: SeriesKey;
}

const num = (v: string | null | undefined) => (v === null || v === undefined ? Number.NaN : Number(v));
/** Field i of a row as a number; NaN for NULL or an unmapped field (i < 0). */
const field = (row: readonly (string | null)[], i: number) => (i < 0 ? Number.NaN : num(row[i]));

/** A raw series value in a problem's key: a long one (a wrong column mapped) cut, with its length. */
function keyPart(v: string | null): string {
  const t = v ?? '';
  return t.length <= 64 ? t : `${t.slice(0, 20)}…(${t.length} characters)`;
}

/** Epoch integers by magnitude per value, as the CSV import reads them: s, ms, µs, ns. */
function epochMs(v: number): number {
  const a = Math.abs(v);
  if (a < 1e11) return v * 1000;
  if (a < 1e14) return v;
  if (a < 1e17) return Math.floor(v / 1000);
  return Math.floor(v / 1e6);
}

/**
 * Turns rows ([ts key, ...series columns, ...values] as text) into checked bars with the bar rules
 * every writer shares, plus the duplicate rule: a series' times must rise (rows come ordered by key).
 */
export class RowReader {
  private readonly zone: ZoneConverter;
  private readonly nSeries: number;
  private readonly fields: BarColumn[];
  /** Series per raw column values (with its id), or why they name none: looked up once per distinct value. */
  private readonly keys = new Map<string, SeriesOf | string>();
  private readonly fixed: SeriesOf | null;
  /** Row index of each value field, -1 when unmapped (read as NaN). */
  private readonly at = { open: -1, high: -1, low: -1, close: -1, volume: -1, trades: -1, vwap: -1 };
  /** Each series' last accepted time: the duplicate rule's state (a worker's verdicts are checked against it). */
  readonly lastTs = new Map<string, number>();
  /** Lines readBytes read from their bytes (a verdict, not null): how much the byte path took. */
  rowsByBytes = 0;
  /** The values of the last line readBytes accepted. */
  readonly bar: BarValues = { ts: 0, open: 0, high: 0, low: 0, close: 0, volume: 0, trades: 0, vwap: 0 };
  /** The value fields' scan (the CSV import's byte loop, on tabs) and each field's slot in it (-1: unmapped). */
  private readonly scanner: RowScanner;
  private readonly slot = { open: -1, high: -1, low: -1, close: -1, volume: -1, trades: -1, vwap: -1 };
  private readonly byBytes = new SeriesByBytes();
  /** The series of a row's series columns as text (tab-separated), for byBytes. */
  private readonly seriesOfText = (text: string) => this.seriesOf([null, ...text.split('\t')]);

  constructor(
    private readonly plan: DbImportPlan,
    private readonly limits: TsLimits,
  ) {
    this.zone = new ZoneConverter(plan.tz);
    this.nSeries = seriesColumns(plan.series).length;
    this.fields = valueFields(plan);
    this.fixed = 'fixed' in plan.series ? { key: plan.series.fixed, id: seriesId(plan.series.fixed) } : null;
    this.fields.forEach((f, i) => {
      if (f in this.at) this.at[f as keyof typeof this.at] = 1 + this.nSeries + i;
      if (f in this.slot) this.slot[f as keyof typeof this.slot] = i;
    });
    this.scanner = new RowScanner(
      Int8Array.from(this.fields, (_, i) => i),
      9,
    );
  }

  /** The series of a row, or a sentence saying why its columns name none. */
  seriesOf(row: readonly (string | null)[]): SeriesOf | string {
    if (this.fixed) return this.fixed;
    const s = this.plan.series as Exclude<SeriesSource, { fixed: SeriesKey }>;
    const raw = this.nSeries === 2 ? `${row[1]}\t${row[2]}` : `${row[1]}\t${row[2]}\t${row[3]}`;
    let k = this.keys.get(raw);
    if (k === undefined) {
      const venue = normalizePart(row[1] ?? '');
      const symbol = normalizePart(row[2] ?? '');
      const tfText = s.timeframeCol ? (row[3] ?? '') : (s.timeframe ?? '');
      const tf = parseTimeframe(tfText);
      k =
        partProblem(venue, 'venue') ??
        partProblem(symbol, 'symbol') ??
        ('error' in tf
          ? `timeframe "${tfText}": ${tf.error}`
          : { key: { venue, symbol, timeframe: tf.timeframe }, id: `${venue}:${symbol}:${tf.timeframe}` });
      // A value of a wrong column mapped (a document) would stay in memory for the whole run.
      if (raw.length <= MAX_CACHED_SERIES) this.keys.set(raw, k);
    }
    return k;
  }

  private tsOf(raw: number, tf: Timeframe): number {
    switch (this.plan.tsKind) {
      case 'integer':
        return epochMs(raw);
      case 'date':
        return raw;
      // Daily and longer bars are keyed by their date as written: a zone never shifts a date.
      case 'wall':
        return isDailyOrLonger(tf) ? raw : this.zone.toUtc(raw);
      default:
        return raw;
    }
  }

  read(row: readonly (string | null)[]): DbBar | DbRowProblem {
    const found = this.seriesOf(row);
    if (typeof found === 'string') return this.badSeries(row, found);
    const { key, id: series } = found;
    const at = this.at;
    const bar: DbBar = {
      series,
      key,
      ts: this.tsOf(Number(row[0]), key.timeframe),
      open: field(row, at.open),
      high: field(row, at.high),
      low: field(row, at.low),
      close: field(row, at.close),
      volume: field(row, at.volume),
      trades: field(row, at.trades),
      vwap: field(row, at.vwap),
    };
    return this.check(bar, series, key.timeframe) ?? bar;
  }

  /**
   * Reads the line b[s, e) straight from its bytes when it is plain (an integer ts key of up to 15
   * digits, series text without escapes, plain decimals as RowScanner takes them): the same verdict
   * as `read` of its text, without a string or an object per row. Returns the accepted bar's series
   * (its values in `bar`, overwritten by the next line), a problem, or null: read the line as text.
   */
  readBytes(b: Uint8Array, s: number, e: number): SeriesOf | DbRowProblem | null {
    let i = s;
    const neg = b[i] === 45;
    if (neg) i++;
    let raw = 0;
    let digits = 0;
    for (; i < e; i++) {
      const c = b[i] as number;
      if (c < 48 || c > 57) break;
      raw = raw * 10 + (c - 48);
      digits++;
    }
    if (digits === 0 || digits > 15 || b[i] !== 9 || i >= e) return null;
    const from = ++i;
    for (let k = 0; k < this.nSeries; k++) {
      while (i < e && b[i] !== 9) {
        if (b[i] === 92) return null;
        i++;
      }
      if (i++ >= e) return null;
    }
    const found = this.fixed ?? this.byBytes.get(b, from, i - 1, this.seriesOfText);
    if (
      typeof found === 'string' ||
      // The row must end exactly at the line's end (a CR before it is no row end here).
      this.scanner.scan(b, i, e, true) !== e ||
      this.scanner.fields !== this.fields.length
    )
      return null;
    this.rowsByBytes++;
    const bar = this.bar;
    const v = this.scanner.vals;
    const at = this.slot;
    bar.ts = this.tsOf(neg ? -raw : raw, found.key.timeframe);
    bar.open = v[at.open] as number;
    bar.high = v[at.high] as number;
    bar.low = v[at.low] as number;
    bar.close = v[at.close] as number;
    bar.volume = at.volume < 0 ? Number.NaN : (v[at.volume] as number);
    bar.trades = at.trades < 0 ? Number.NaN : (v[at.trades] as number);
    bar.vwap = at.vwap < 0 ? Number.NaN : (v[at.vwap] as number);
    return this.check(bar, found.id, found.key.timeframe) ?? found;
  }

  private badSeries(row: readonly (string | null)[], why: string): DbRowProblem {
    return {
      key: `${row
        .slice(1, 1 + this.nSeries)
        .map(keyPart)
        .join(':')}@${tsText(Number(row[0]))}`,
      rule: 'bad_series',
      column: seriesColumns(this.plan.series).join(','),
      what: why,
    };
  }

  /** The bar rules, then the duplicate rule; a bar that passes becomes its series' last. */
  private check(bar: BarValues, series: string, timeframe: Timeframe): DbRowProblem | undefined {
    const ts = bar.ts;
    // The key text is made only for a row that breaks a rule: most rows never need it.
    const p = barPasses(bar, timeframe, this.limits) ? undefined : barProblem(bar, timeframe, this.limits);
    if (p)
      return {
        key: `${series}@${tsText(ts)}`,
        rule: p.rule,
        column: this.plan.map[p.column] ?? p.column,
        what: p.what,
      };
    const last = this.lastTs.get(series);
    if (last !== undefined && ts <= last)
      return {
        key: `${series}@${tsText(ts)}`,
        rule: 'duplicate',
        column: this.plan.map.ts as string,
        what:
          ts === last
            ? 'a second row for this series and time'
            : `time is before the previous row's ${tsText(last)}`,
      };
    this.lastTs.set(series, ts);
    return undefined;
  }
}

export function isProblem(r: DbBar | DbRowProblem): r is DbRowProblem {
  return 'rule' in r;
}
