import {
  type BarRule,
  type BarValues,
  barProblem,
  type TsLimits,
  tsText,
} from '../../../src-shared/domain/bar';
import { normalizePart, partProblem, type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import { isDailyOrLonger, parseTimeframe, type Timeframe } from '../../../src-shared/domain/timeframe';
import { ZoneConverter } from '../import/index';
import { type DbField, type DbImportPlan, type SeriesSource, seriesColumns, valueFields } from './plan';

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

/** Longest raw series text remembered per distinct value (series values are at most 64 characters). */
const MAX_CACHED_KEY = 256;

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
  private readonly fields: DbField[];
  /** Series per raw column values (with its id), or why they name none: looked up once per distinct value. */
  private readonly keys = new Map<string, { key: SeriesKey; id: string } | string>();
  private readonly fixed: { key: SeriesKey; id: string } | null;
  /** Row index of each value field, -1 when unmapped (read as NaN). */
  private readonly at = { open: -1, high: -1, low: -1, close: -1, volume: -1, trades: -1, vwap: -1 };
  /** Each series' last accepted time: the duplicate rule's state (a worker's verdicts are checked against it). */
  readonly lastTs = new Map<string, number>();

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
    });
  }

  /** The series of a row, or a sentence saying why its columns name none. */
  seriesOf(row: readonly (string | null)[]): { key: SeriesKey; id: string } | string {
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
      if (raw.length <= MAX_CACHED_KEY) this.keys.set(raw, k);
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
    if (typeof found === 'string')
      return {
        key: `${row
          .slice(1, 1 + this.nSeries)
          .map(keyPart)
          .join(':')}@${tsText(Number(row[0]))}`,
        rule: 'bad_series',
        column: seriesColumns(this.plan.series).join(','),
        what: found,
      };
    const { key, id: series } = found;
    const ts = this.tsOf(Number(row[0]), key.timeframe);
    const at = this.at;
    const bar: DbBar = {
      series,
      key,
      ts,
      open: field(row, at.open),
      high: field(row, at.high),
      low: field(row, at.low),
      close: field(row, at.close),
      volume: field(row, at.volume),
      trades: field(row, at.trades),
      vwap: field(row, at.vwap),
    };
    // The key text is made only for a row that breaks a rule: most rows never need it.
    const p = barProblem(bar, key.timeframe, this.limits);
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
    return bar;
  }
}

export function isProblem(r: DbBar | DbRowProblem): r is DbRowProblem {
  return 'rule' in r;
}
