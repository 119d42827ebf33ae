import { highOk, lowOk, volumeOk } from '../../src-shared/domain/bar';
import { RowColumns } from './columns-buffer';
import { isoAt, ROLE_SKIP, ROLE_TS, RowScanner } from './fast-row';
import { hasOpenQuote, splitFields } from './fields';
import { isEmptyValue, type NumberStyle, parseNumber } from './numbers';
import type { ReadPlan } from './plan';
import type { ProblemLog } from './problems';
import { newParsedTime, parseTimestamp } from './timestamp';

const PRICES = ['open', 'high', 'low', 'close'] as const;

/**
 * Turns physical lines into validated rows in typed columns. Row rules are checked here with the
 * shared bar predicates of domain/bar.ts (time and numbers parse, high >= max(open, close),
 * low <= min(open, close), volume >= 0, finite); file rules (order, duplicates, time range, grid)
 * run after the file was read through, in finalize.ts.
 */
export class RowParser {
  readonly cols: RowColumns;
  rowsRead = 0;
  rowsInvalid = 0;
  private readonly style: NumberStyle;
  private readonly pt = newParsedTime();
  private readonly idx: Record<(typeof PRICES)[number], number>;
  private readonly volIdx: number;
  private readonly tradesIdx: number;
  private pending = '';
  private readonly scanner: RowScanner;
  private readonly decoder = new TextDecoder('utf-8');
  private readonly dc: number;
  private readonly fastOk: boolean;
  private readonly maxIdx: number;
  private pendingLine = 0;

  constructor(
    readonly plan: ReadPlan,
    readonly problems: ProblemLog,
    capacity: number,
  ) {
    const m = plan.mapping;
    this.idx = { open: m.open ?? -1, high: m.high ?? -1, low: m.low ?? -1, close: m.close ?? -1 };
    this.volIdx = m.volume ?? -1;
    this.tradesIdx = m.trades ?? -1;
    this.cols = new RowColumns(capacity, this.tradesIdx >= 0);
    this.style = { decimalComma: plan.decimalComma };
    this.dc = plan.delimiter.charCodeAt(0);
    this.fastOk = m.ts !== undefined && !plan.decimalComma && plan.delimiter.length === 1;
    const roles = new Int8Array(4096).fill(ROLE_SKIP);
    const slots: [number | undefined, number][] = [
      [m.open, 0],
      [m.high, 1],
      [m.low, 2],
      [m.close, 3],
      [m.volume, 4],
      [m.trades, 5],
    ];
    for (const [col, slot] of slots) if (col !== undefined) roles[col] = slot;
    if (m.ts !== undefined) roles[m.ts] = ROLE_TS;
    this.maxIdx = Math.max(...Object.values(m).filter((x): x is number => typeof x === 'number'));
    this.scanner = new RowScanner(roles.subarray(0, this.maxIdx + 1), this.dc);
  }

  /** Feeds one physical line (without its line break); `line` is its 1-based number. */
  pushLine(raw: string, line: number): void {
    this.pushText(raw, line);
  }

  /** Feeds the line buf[start, end) as bytes; decoded to text only when the fast path declines. */
  pushBytes(buf: Uint8Array, start: number, end: number, line: number): void {
    if (line < this.plan.firstDataLine) return;
    if (end > start && buf[end - 1] === 13) end--;
    if (this.fastOk && !this.pending && end > start && this.fastRow(buf, start, end, line)) return;
    this.pushText(this.decoder.decode(buf.subarray(start, end)), line);
  }

  private pushText(chunk: string, line: number): void {
    if (line < this.plan.firstDataLine) return;
    let text = chunk.charCodeAt(chunk.length - 1) === 13 ? chunk.slice(0, -1) : chunk;
    if (this.pending) {
      text = `${this.pending}\n${text}`;
      line = this.pendingLine;
      this.pending = '';
    }
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim().length === 0)) return;
    if (text.indexOf('"') >= 0 && hasOpenQuote(text)) {
      this.pending = text;
      this.pendingLine = line;
      return;
    }
    this.parseRecord(splitFields(text, this.plan.delimiter), line);
  }

  /** True once end() had to flush a record left open by an unbalanced quote. */
  endedInQuote = false;

  /** Flushes a record left open by an unbalanced quote at the end of the file. */
  end(): void {
    if (this.pending) {
      this.endedInQuote = true;
      const text = this.pending;
      this.pending = '';
      this.parseRecord(splitFields(text, this.plan.delimiter), this.pendingLine);
    }
  }

  /** The common case in one pass, no allocation; false sends the row to the general path. */
  private fastRow(text: Uint8Array, start: number, end: number, line: number): boolean {
    const sc = this.scanner;
    if (!sc.scan(text, start, end) || sc.fields <= this.maxIdx) return false;
    if (
      !isoAt(text, sc.tsStart, sc.tsEnd, this.pt) &&
      !parseTimestamp(this.latin1(text, sc.tsStart, sc.tsEnd), this.plan.dateOrder, this.pt)
    )
      return false;
    const vals = sc.vals;
    const o = vals[0] as number;
    const h = vals[1] as number;
    const l = vals[2] as number;
    const c = vals[3] as number;
    const v = this.volIdx >= 0 ? (vals[4] as number) : 0;
    if (!(highOk(o, h, c) && lowOk(o, l, c) && volumeOk(v))) return false;
    this.rowsRead++;
    const cols = this.cols;
    const i = cols.next();
    cols.civil[i] = this.pt.civil;
    cols.offsetMin[i] = this.pt.offsetMin;
    if (this.pt.hasTime && !this.pt.epoch) cols.dateOnly = false;
    if (this.pt.epoch && this.pt.civil % 86_400_000 !== 0) cols.dateOnly = false;
    cols.open[i] = o;
    cols.high[i] = h;
    cols.low[i] = l;
    cols.close[i] = c;
    cols.volume[i] = this.volIdx >= 0 ? v : Number.NaN;
    if (cols.trades) cols.trades[i] = vals[5] as number;
    cols.line[i] = line;
    return true;
  }

  private latin1(buf: Uint8Array, s: number, e: number): string {
    return Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('latin1');
  }

  private col(i: number): string {
    return this.plan.columns[i] ?? `#${i + 1}`;
  }

  private parseRecord(f: string[], line: number): void {
    this.rowsRead++;
    const m = this.plan.mapping;
    const p = this.problems;
    let tsText: string;
    let tsCol: number;
    if (m.ts !== undefined) {
      tsText = f[m.ts] ?? '';
      tsCol = m.ts;
    } else {
      tsCol = m.date as number;
      const t = m.time === undefined ? undefined : f[m.time];
      tsText = t === undefined ? (f[tsCol] ?? '') : `${f[tsCol] ?? ''} ${t}`;
    }
    let ok = true;
    if (!parseTimestamp(tsText, this.plan.dateOrder, this.pt)) {
      p.add(line, this.col(tsCol), tsText, 'bad_timestamp', 'the time cannot be read as a date and time');
      ok = false;
    }
    const v = [0, 0, 0, 0];
    for (let k = 0; k < 4; k++) {
      const name = PRICES[k] as (typeof PRICES)[number];
      const ci = this.idx[name];
      const raw = f[ci];
      if (raw === undefined) {
        p.add(line, this.col(ci), null, 'missing_field', `the ${name} field is missing`);
        ok = false;
        continue;
      }
      let x = parseNumber(raw, this.style);
      if (Number.isNaN(x)) {
        const t = raw.trim();
        x = parseNumber(t.replace(/^"|"$/g, ''), this.style);
        if (Number.isNaN(x)) {
          if (isEmptyValue(t))
            p.add(line, this.col(ci), raw, 'missing_price', `the ${name} price is missing`);
          else p.add(line, this.col(ci), raw, 'bad_number', `the ${name} price is not a number`);
          ok = false;
          continue;
        }
      }
      if (!Number.isFinite(x)) {
        p.add(line, this.col(ci), raw, 'not_finite', `the ${name} price is infinite`);
        ok = false;
      }
      v[k] = x;
    }
    let vol = Number.NaN;
    if (this.volIdx >= 0) {
      const raw = f[this.volIdx];
      if (raw !== undefined && !isEmptyValue(raw)) {
        vol = parseNumber(raw, this.style);
        if (Number.isNaN(vol)) vol = parseNumber(raw.trim(), this.style);
        if (Number.isNaN(vol) || !Number.isFinite(vol)) {
          p.add(line, this.col(this.volIdx), raw, 'bad_number', 'the volume is not a number');
          ok = false;
        } else if (!volumeOk(vol)) {
          p.add(line, this.col(this.volIdx), raw, 'negative_volume', 'the volume is negative');
          ok = false;
        }
      }
    }
    if (ok) {
      const [o, h, l, c] = v as [number, number, number, number];
      if (!highOk(o, h, c)) {
        p.add(
          line,
          this.col(this.idx.high),
          f[this.idx.high] ?? '',
          'high_below_max',
          `high ${h} is below max(open ${o}, close ${c})`,
        );
        ok = false;
      }
      if (!lowOk(o, l, c)) {
        p.add(
          line,
          this.col(this.idx.low),
          f[this.idx.low] ?? '',
          'low_above_min',
          `low ${l} is above min(open ${o}, close ${c})`,
        );
        ok = false;
      }
    }
    if (!ok) {
      this.rowsInvalid++;
      return;
    }
    const cols = this.cols;
    const i = cols.next();
    cols.civil[i] = this.pt.civil;
    cols.offsetMin[i] = this.pt.offsetMin;
    if (this.pt.hasTime && !this.pt.epoch) cols.dateOnly = false;
    if (this.pt.epoch && this.pt.civil % 86_400_000 !== 0) cols.dateOnly = false;
    cols.open[i] = v[0] as number;
    cols.high[i] = v[1] as number;
    cols.low[i] = v[2] as number;
    cols.close[i] = v[3] as number;
    cols.volume[i] = vol;
    if (cols.trades)
      cols.trades[i] = this.tradesIdx >= 0 ? parseNumber(f[this.tradesIdx] ?? '', this.style) : Number.NaN;
    cols.line[i] = line;
  }
}
