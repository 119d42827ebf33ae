import { highOk, lowOk, volumeOk } from '../../../../src-shared/domain/bar';
import { RowColumns } from '../parse/columns-buffer';
import { isoAt, ROLE_SKIP, ROLE_TS, RowScanner } from '../parse/fast-row';
import { hasOpenQuote, openQuoteField, splitFields } from '../parse/fields';
import { bytesText } from '../parse/line-cap';
import { isEmptyValue, type NumberStyle, parseNumber } from '../parse/numbers';
import type { ProblemLog } from '../parse/problems';
import { newParsedTime, parseTimestamp } from '../parse/timestamp';
import type { ReadPlan } from './read-plan';

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
  private readonly vwapIdx: number;
  /** Lines of a record whose quote is still open, their total length and first/last line. */
  private pending: string[] = [];
  private pendingLength = 0;
  private pendingLast = 0;
  private readonly scanner: RowScanner;
  private readonly decoder = new TextDecoder('utf-8');
  private readonly dc: number;
  private readonly fastOk: boolean;
  private readonly maxIdx: number;
  /** Fields a row may have: the header's (or the usual row's) count. */
  private readonly width: number;
  private pendingLine = 0;
  /** The written UTC offset of the last valid row, and the first line of each offset seen. */
  private lastOffset = Number.NaN;
  private readonly offsetLines = new Map<number, number>();

  constructor(
    readonly plan: ReadPlan,
    readonly problems: ProblemLog,
    capacity: number,
  ) {
    const m = plan.mapping;
    this.idx = { open: m.open ?? -1, high: m.high ?? -1, low: m.low ?? -1, close: m.close ?? -1 };
    this.volIdx = m.volume ?? -1;
    this.tradesIdx = m.trades ?? -1;
    this.vwapIdx = m.vwap ?? -1;
    this.cols = new RowColumns(capacity, this.tradesIdx >= 0, this.vwapIdx >= 0);
    this.style = { decimalComma: plan.decimalComma };
    this.dc = plan.delimiter.charCodeAt(0);
    this.fastOk = m.ts !== undefined && !plan.decimalComma && plan.delimiter.length === 1;
    this.maxIdx = Math.max(...Object.values(m).filter((x): x is number => typeof x === 'number'));
    // A user's mapping may name a column the sample did not show: it widens the row.
    this.width = Math.max(plan.columns.length, this.maxIdx + 1);
    const roles = new Int8Array(this.maxIdx + 1).fill(ROLE_SKIP);
    const slots: [number | undefined, number][] = [
      [m.open, 0],
      [m.high, 1],
      [m.low, 2],
      [m.close, 3],
      [m.volume, 4],
      [m.trades, 5],
      [m.vwap, 6],
    ];
    for (const [col, slot] of slots) if (col !== undefined) roles[col] = slot;
    if (m.ts !== undefined) roles[m.ts] = ROLE_TS;
    this.scanner = new RowScanner(roles, this.dc, this.pt);
  }

  /** Feeds one physical line (without its line break); `line` is its 1-based number. */
  pushLine(raw: string, line: number): void {
    this.pushText(raw, line);
  }

  /** Feeds the line buf[start, end) as bytes; decoded to text only when the fast path declines. */
  pushBytes(buf: Uint8Array, start: number, end: number, line: number): void {
    if (line < this.plan.firstDataLine) return;
    if (end > start && buf[end - 1] === 13) end--;
    if (this.fastOk && this.pending.length === 0 && end > start && this.fastRow(buf, start, end, line))
      return;
    this.pushText(this.decoder.decode(buf.subarray(start, end)), line);
  }

  private pushText(chunk: string, line: number): void {
    if (line < this.plan.firstDataLine) return;
    let text = chunk.charCodeAt(chunk.length - 1) === 13 ? chunk.slice(0, -1) : chunk;
    const quoteFlips = text.indexOf('"') >= 0 && hasOpenQuote(text);
    if (this.pending.length > 0) {
      // A record whose quote is open goes on over the next lines; kept as parts (no copy per line).
      this.pending.push(text);
      this.pendingLength += text.length + 1;
      this.pendingLast = line;
      if (!quoteFlips) {
        if (this.pendingLength > this.plan.maxLineBytes)
          this.dropUnclosed(`is not closed within ${bytesText(this.plan.maxLineBytes)}`);
        return;
      }
      text = this.pending.join('\n');
      line = this.pendingLine;
      this.pending = [];
    } else if (quoteFlips) {
      this.pending = [text];
      this.pendingLength = text.length;
      this.pendingLine = this.pendingLast = line;
      return;
    }
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim().length === 0)) return;
    this.parseRecord(splitFields(text, this.plan.delimiter), line);
  }

  /** An open quote swallowed lines: the record is reported where the quote opened and left out. */
  private dropUnclosed(why: string): void {
    const first = this.pending[0] ?? '';
    const field = openQuoteField(first, this.plan.delimiter);
    // A count, not line numbers: a streamed import's ranges number their lines from their start.
    const n = this.pendingLast - this.pendingLine + 1;
    const lines = n > 1 ? `this line and the ${n - 1} after it were` : 'this line was';
    this.rowsRead++;
    this.rowsInvalid++;
    this.problems.add(
      this.pendingLine,
      this.col(field.index),
      field.text,
      'unclosed_quote',
      `a quote opens in this field and ${why}; ${lines} read as one value and left out`,
    );
    this.pending = [];
  }

  /** A line longer than the cap (a missing line break, not a row): reported and left out unread. */
  longLine(line: number): void {
    if (line < this.plan.firstDataLine) return;
    if (this.pending.length > 0) {
      this.pendingLast = line;
      this.dropUnclosed(`is not closed within ${bytesText(this.plan.maxLineBytes)}`);
      return;
    }
    this.rowsRead++;
    this.rowsInvalid++;
    this.problems.add(
      line,
      null,
      null,
      'line_too_long',
      `the line is longer than ${bytesText(this.plan.maxLineBytes)}; it was left out unread`,
    );
  }

  /** True once end() found a record left open by an unbalanced quote. */
  endedInQuote = false;

  /**
   * Reports a record left open by an unbalanced quote at the end and, unless `noteOffsets` is off
   * (a streamed range: its caller notes the whole file's), rows of mixed UTC offsets.
   */
  end(noteOffsets = true): void {
    if (this.pending.length > 0) {
      this.endedInQuote = true;
      this.dropUnclosed('is never closed');
    }
    const note = mixedOffsetsNote(this.offsetLines);
    if (note && noteOffsets) this.problems.add(...note);
  }

  /** The first line of each UTC offset the rows carry (keyed by minutes; NAIVE for none). */
  get offsets(): ReadonlyMap<number, number> {
    return this.offsetLines;
  }

  /** Keeps the first line of each written UTC offset (naive rows count as one kind). */
  private noteOffset(line: number): void {
    // Naive rows (NaN) are keyed as NAIVE so that equal kinds compare equal in the hot path.
    const off = Number.isNaN(this.pt.offsetMin) ? NAIVE : this.pt.offsetMin;
    if (off === this.lastOffset) return;
    this.lastOffset = off;
    if (!this.offsetLines.has(off)) this.offsetLines.set(off, line);
  }

  /** Lines the last pushRows parsed. */
  linesTaken = 0;
  /** Lines every pushRows parsed: how much of a file the straight-through path read. */
  rowsStraight = 0;

  /**
   * Parses the rows of `buf` from `start` on, numbered from `line + 1`, without looking for their
   * line breaks first: plain rows straight through, a whole row the fast scan declines handed to the
   * general path from where the scan found its end (not scanned again). Stops at a header line, a
   * line longer than `maxLineBytes`, a record whose quote stays open, the buffer ending inside a
   * row, or once `maxCols` rows are held (a slice is full). Returns where it stopped (the start of
   * that row) and sets linesTaken; the caller feeds the rest line by line as before.
   */
  pushRows(buf: Uint8Array, start: number, line: number, maxLineBytes: number, maxCols = Infinity): number {
    let taken = 0;
    let straight = 0;
    if (this.fastOk && this.pending.length === 0) {
      const sc = this.scanner;
      const first = this.plan.firstDataLine;
      while (this.cols.length < maxCols) {
        const n = line + taken + 1;
        if (n < first) break;
        const e = sc.scan(buf, start, buf.length, false);
        // Where the row's line feed is: the scan found it, or (declined anywhere in the row) one search.
        const lf = e >= 0 ? (buf[e] === 13 ? e + 1 : e) : buf.indexOf(10, start);
        if (lf < 0 || lf - start > maxLineBytes) break;
        if (e >= 0 && this.takeScanned(buf, n)) straight++;
        else {
          // What pushBytes does once its fast try declined these same bytes: the general path.
          const stop = lf > start && buf[lf - 1] === 13 ? lf - 1 : lf;
          this.pushText(this.decoder.decode(buf.subarray(start, stop)), n);
        }
        taken++;
        start = lf + 1;
        if (this.pending.length > 0) break;
      }
    }
    this.linesTaken = taken;
    this.rowsStraight += straight;
    return start;
  }

  /** The common case in one pass, no allocation; false sends the row to the general path. */
  private fastRow(text: Uint8Array, start: number, end: number, line: number): boolean {
    return this.scanner.scan(text, start, end, true) === end && this.takeScanned(text, line);
  }

  /**
   * Stores the row the scanner just read when it passes the row rules as it is; false sends it to
   * the general path, which words the problem.
   */
  private takeScanned(text: Uint8Array, line: number): boolean {
    const sc = this.scanner;
    if (sc.fields <= this.maxIdx || sc.fields > this.width) return false;
    if (!sc.tsRead) {
      const iso = isoAt(text, sc.tsStart, sc.tsEnd, this.pt);
      sc.tsLen = iso ? sc.tsEnd - sc.tsStart : 0;
      if (
        !iso &&
        !parseTimestamp(
          this.latin1(text, sc.tsStart, sc.tsEnd),
          this.plan.dateOrder,
          this.pt,
          this.plan.epochMsPerUnit,
        )
      )
        return false;
    }
    const vals = sc.vals;
    const o = vals[0] as number;
    const h = vals[1] as number;
    const l = vals[2] as number;
    const c = vals[3] as number;
    const v = this.volIdx >= 0 ? (vals[4] as number) : 0;
    if (!(highOk(o, h, c) && lowOk(o, l, c) && volumeOk(v))) return false;
    this.rowsRead++;
    const cols = this.cols;
    const i = this.nextRow();
    cols.open[i] = o;
    cols.high[i] = h;
    cols.low[i] = l;
    cols.close[i] = c;
    cols.volume[i] = this.volIdx >= 0 ? v : Number.NaN;
    if (cols.trades) cols.trades[i] = vals[5] as number;
    if (cols.vwap) cols.vwap[i] = vals[6] as number;
    cols.line[i] = line;
    this.noteOffset(line);
    return true;
  }

  private latin1(buf: Uint8Array, s: number, e: number): string {
    return Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('latin1');
  }

  /** A new row of the columns at the parsed time; a time of day anywhere makes the file intraday. */
  private nextRow(): number {
    const cols = this.cols;
    const i = cols.next();
    cols.civil[i] = this.pt.civil;
    cols.offsetMin[i] = this.pt.offsetMin;
    if (this.pt.hasTime && !this.pt.epoch) cols.dateOnly = false;
    if (this.pt.epoch && this.pt.civil % 86_400_000 !== 0) cols.dateOnly = false;
    return i;
  }

  private col(i: number): string {
    return this.plan.columns[i] ?? `#${i + 1}`;
  }

  /** A high or low on the wrong side of open and close, reported at that price's column. */
  private priceOrder(
    f: string[],
    line: number,
    name: 'high' | 'low',
    code: 'high_below_max' | 'low_above_min',
    message: string,
  ): void {
    const ci = this.idx[name];
    this.problems.add(line, this.col(ci), f[ci] ?? '', code, message);
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
    if (!this.fieldCountOk(f, line)) {
      this.rowsInvalid++;
      return;
    }
    let ok = true;
    if (!parseTimestamp(tsText, this.plan.dateOrder, this.pt, this.plan.epochMsPerUnit)) {
      if (this.pt.noSuchDate)
        p.add(
          line,
          this.col(tsCol),
          tsText,
          'no_such_date',
          `the date does not exist: ${this.pt.noSuchDate}`,
        );
      else
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
        this.priceOrder(f, line, 'high', 'high_below_max', `high ${h} is below max(open ${o}, close ${c})`);
        ok = false;
      }
      if (!lowOk(o, l, c)) {
        this.priceOrder(f, line, 'low', 'low_above_min', `low ${l} is above min(open ${o}, close ${c})`);
        ok = false;
      }
    }
    if (!ok) {
      this.rowsInvalid++;
      return;
    }
    const cols = this.cols;
    const i = this.nextRow();
    cols.open[i] = v[0] as number;
    cols.high[i] = v[1] as number;
    cols.low[i] = v[2] as number;
    cols.close[i] = v[3] as number;
    cols.volume[i] = vol;
    if (cols.trades)
      cols.trades[i] = this.tradesIdx >= 0 ? parseNumber(f[this.tradesIdx] ?? '', this.style) : Number.NaN;
    if (cols.vwap) cols.vwap[i] = parseNumber(f[this.vwapIdx] ?? '', this.style);
    cols.line[i] = line;
    this.noteOffset(line);
  }

  /** More fields than the header shift the values (an unquoted `1,234`): the row is refused. */
  private fieldCountOk(f: string[], line: number): boolean {
    const w = this.width;
    if (f.length <= w) return true;
    // Trailing empty fields hold nothing and shift nothing.
    let k = w;
    while (k < f.length && (f[k] as string).trim() === '') k++;
    if (k === f.length) return true;
    const of = this.plan.hasHeader ? 'the header has' : 'the rows around it have';
    this.problems.add(
      line,
      this.col(w),
      f[w] ?? '',
      'extra_fields',
      `the row has ${f.length} fields but ${of} ${w}; an unquoted thousands separator (1,234) or a stray delimiter shifts the values`,
    );
    return false;
  }
}

/** The note for rows of more than one UTC offset (first line of each), or null when they share one. */
export function mixedOffsetsNote(
  firstLines: ReadonlyMap<number, number>,
): [null, null, null, string, string, 'note'] | null {
  if (firstLines.size < 2) return null;
  // Two offsets an hour apart are one zone's standard and daylight time (New York's -05:00/-04:00):
  // each row is right as written, and a note on every such file would be noise.
  const [a, b] = [...firstLines.keys()];
  if (firstLines.size === 2 && a !== NAIVE && b !== NAIVE && Math.abs((a as number) - (b as number)) === 60)
    return null;
  const seen = [...firstLines]
    .sort((a, b) => a[1] - b[1])
    .map(([off, line]) => `${offsetText(off)} from line ${line}`);
  return [
    null,
    null,
    null,
    'mixed_offsets',
    `rows carry different UTC offsets (${seen.join(', ')}); each row was converted to UTC with its own`,
    'note',
  ];
}

/** Key of naive rows in the offsets seen (no real offset is this large). */
const NAIVE = 1e9;

function offsetText(off: number): string {
  if (off === NAIVE) return 'no offset';
  if (off === 0) return 'Z';
  const a = Math.abs(off);
  const hh = String(Math.floor(a / 60)).padStart(2, '0');
  const mm = String(a % 60).padStart(2, '0');
  return `${off < 0 ? '-' : '+'}${hh}:${mm}`;
}
