import { outOfRangeWhat } from '../../../../src-shared/domain/bar';
import type { TickPlan } from '../../../../src-shared/domain/ticks';
import { DAY_US } from '../../../../src-shared/domain/timeframe';
import { allocTicks, pickTicks, sliceTicks, type TickBatch, tsLimitsFromEnv } from '../../catalog/index';
import { ROLE_SKIP, ROLE_TEXT, ROLE_TS, RowScanner } from '../parse/fast-row';
import type { ProblemLog } from '../parse/problems';
import { isBlank, numAt } from './tick-fields';
import { TickTimeReader } from './tick-time';

/** Thrown when a range read meets a tick outside its day bounds: the file is read in one piece instead. */
export const OUTSIDE_RANGE = new Error('a tick outside the range bounds');

/**
 * The UTC day bounds of a range read (µs): a tick before `floor` reaching the time rule, or an
 * accepted tick from `ceil` on, means the range cut is not clean (see tick-split.ts).
 */
export interface TickBounds {
  floor: number;
  ceil: number;
}

/**
 * Aggressor side words (lower case) and the side each stands for: Binance `is_buyer_maker` true
 * means a seller hit the bid; generic buy/sell words, an empty field unknown (0).
 */
const SIDES: Record<'binance' | 'generic', ReadonlyMap<string, number>> = {
  binance: new Map([
    ['true', -1],
    ['false', 1],
  ]),
  generic: new Map([
    ...['buy', 'b', '1', 'bid'].map((w) => [w, 1] as const),
    ...['sell', 's', '-1', 'ask'].map((w) => [w, -1] as const),
    ['', 0],
  ]),
};

function sideOf(raw: string, binance: boolean): number | undefined {
  return SIDES[binance ? 'binance' : 'generic'].get(raw.trim().toLowerCase());
}

/**
 * Up to five printable ASCII bytes as one number, letters lowered: how a side word is matched
 * without a string. -1 for anything else (a space or a control byte is for sideOf's trim to judge).
 */
function packWord(b: ArrayLike<number>, a: number, e: number): number {
  if (e - a > 5) return -1;
  let w = 0;
  for (let i = a; i < e; i++) {
    const c = b[i] as number;
    if (c <= 32 || c >= 127) return -1;
    w = w * 256 + (c >= 65 && c <= 90 ? c + 32 : c);
  }
  return w;
}

const word = (s: string) => packWord(Buffer.from(s, 'latin1'), 0, s.length);
/** SIDES' words, packed. */
const packed = (m: ReadonlyMap<string, number>) => new Map([...m].map(([w, side]) => [word(w), side]));
const SIDE_WORDS = { binance: packed(SIDES.binance), generic: packed(SIDES.generic) };

/**
 * Turns one file's lines into ticks under the plan and the tick rules, one UTC day at a time:
 * a crossed quote (bid above ask), a zero or negative price, a time earlier than the latest by
 * more than the plan's tolerance, a repeated trade id and unreadable values are problems with
 * their line and column; every bad row is left out (the caller rejects the file when the policy
 * says so). Times a little out of order (within the tolerance) are put in order and counted.
 */
export class TickRows {
  private readonly time: TickTimeReader;
  private readonly optional: string[];
  /** The last field the plan reads (0-based). */
  private readonly widest: number;
  private readonly binance: boolean;
  /** The delimiter's char code and where each field up to `widest` starts and ends in the line. */
  private readonly delimiter: number;
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly toleranceUs: number;
  /** The catalog's years (BARCAT_YEARS) in µs: a tick outside them is a problem of its line, not a failed write. */
  private readonly limits = tsLimitsFromEnv();
  private readonly fromUs = this.limits.from * 1000;
  private readonly toUs = this.limits.to * 1000;
  /** The fields read per tick, by kind: bid/ask and their sizes, or price and size (-1: not mapped). */
  private readonly quotes: boolean;
  private readonly p0: 'bid' | 'price';
  private readonly s0: 'bid_size' | 'size';
  private readonly cols: { ts: number; p0: number; p1: number; s0: number; s1: number };
  /**
   * Reads a plain line from its bytes in one pass (numbers into slots 0-4: p0, p1, s0, s1, id);
   * null when the delimiter is not one byte. See pushBytes.
   */
  private readonly scanner: RowScanner | null;
  private readonly sideWords: Map<number, number>;
  /** Decodes a line the byte pass leaves to the text path (a mid-file U+FEFF stays, as in a stream). */
  private readonly lineDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private buf: TickBatch;
  n = 0;
  private day = Number.NaN;
  private lastTs = Number.NEGATIVE_INFINITY;
  /** The latest time of ticks already handed over: nothing may go before it. */
  private flushedTs = Number.NEGATIVE_INFINITY;
  private ids = new Set<number>();
  private unordered = false;
  rowsRead = 0;
  rowsInvalid = 0;
  reordered = 0;
  ticks = 0;

  constructor(
    readonly plan: TickPlan,
    readonly log: ProblemLog,
    /** Called with each full day (or a full buffer of a busy day), sorted. */
    private readonly flush: (day: TickBatch) => Promise<void>,
    private readonly capacity = 1_000_000,
    private readonly bounds: TickBounds = { floor: Number.NEGATIVE_INFINITY, ceil: Number.POSITIVE_INFINITY },
  ) {
    this.time = new TickTimeReader(plan.time, plan.tz);
    this.optional = (['bid_size', 'ask_size', 'side', 'id'] as const).filter(
      (c) => plan.columns[c] !== undefined,
    );
    this.buf = allocTicks(plan.kind, capacity, this.optional);
    this.widest = Math.max(...Object.values(plan.columns).map((v) => v ?? 0));
    this.binance = plan.format.startsWith('binance');
    this.delimiter = plan.delimiter.charCodeAt(0);
    this.from = new Int32Array(this.widest + 1);
    this.to = new Int32Array(this.widest + 1);
    this.toleranceUs = plan.toleranceMs * 1000;
    this.quotes = plan.kind === 'quotes';
    this.p0 = this.quotes ? 'bid' : 'price';
    this.s0 = this.quotes ? 'bid_size' : 'size';
    const c = plan.columns;
    // Looked up once: a keyed lookup of the plan's columns per field of every tick costs more than the field.
    this.cols = {
      ts: c.ts!,
      p0: c[this.p0]!,
      p1: this.quotes ? c.ask! : -1,
      s0: c[this.s0] ?? -1,
      s1: this.quotes ? (c.ask_size ?? -1) : -1,
    };
    const roles = new Int8Array(this.widest + 1).fill(ROLE_SKIP);
    const slots = [this.cols.p0, this.cols.p1, this.cols.s0, this.cols.s1, c.id ?? -1];
    slots.forEach((col, slot) => {
      if (col >= 0) roles[col] = slot;
    });
    roles[this.cols.ts] = ROLE_TS;
    if (c.side !== undefined) roles[c.side] = ROLE_TEXT;
    this.scanner = this.delimiter < 128 ? new RowScanner(roles, this.delimiter) : null;
    this.sideWords = this.binance ? SIDE_WORDS.binance : SIDE_WORDS.generic;
  }

  private colName(field: keyof TickPlan['columns']): string {
    const i = this.plan.columns[field]!;
    return this.plan.columnNames[i] ?? String(i + 1);
  }

  private bad(
    line: number,
    field: keyof TickPlan['columns'] | null,
    value: string | null,
    rule: string,
    what: string,
  ): undefined {
    this.log.add(line, field ? this.colName(field) : null, value, rule, what);
    this.rowsInvalid++;
    return undefined;
  }

  /**
   * One data line (without its line break); `line` is its 1-based number in the file. Returns a
   * promise only when a day is handed over (await it before the next line), so most lines cost no
   * promise at all.
   */
  push(text: string, line: number): Promise<void> | undefined {
    return this.pushAt(text, 0, text.length, line);
  }

  /**
   * The data line that stands in `text` from `a` to `b` (callers pass one decoded line whole):
   * read in place, field bounds by the delimiter's char code, so no line or field becomes a string
   * of its own unless it is reported.
   */
  pushAt(text: string, a: number, b: number, line: number): Promise<void> | undefined {
    if (isBlank(text, a, b)) return;
    this.rowsRead++;
    const fields = this.split(text, a, b);
    const c = this.plan.columns;
    if (fields <= this.widest) {
      this.bad(
        line,
        null,
        null,
        'missing_field',
        `the row has ${fields} fields, the plan reads field ${this.widest + 1}`,
      );
      return;
    }
    const k = this.cols;
    const ts = this.time.readAt(text, this.from[k.ts]!, this.to[k.ts]!);
    if (Number.isNaN(ts)) {
      this.bad(line, 'ts', this.raw(text, 'ts'), 'bad_timestamp', `not a time written as ${this.plan.time}`);
      return;
    }
    if (!(ts >= this.fromUs && ts < this.toUs))
      return this.bad(
        line,
        'ts',
        this.raw(text, 'ts'),
        'ts_out_of_range',
        outOfRangeWhat(Math.floor(ts / 1000), this.limits),
      );
    const quotes = this.quotes;
    const v0 = this.price(text, k.p0, this.p0, line);
    if (v0 === undefined) return;
    const v1 = quotes ? this.price(text, k.p1, 'ask', line) : 0;
    if (v1 === undefined) return;
    if (quotes && v0 > v1)
      return this.bad(
        line,
        'bid',
        this.raw(text, 'bid'),
        'crossed_quote',
        `crossed quote: bid ${v0} is above ask ${v1}`,
      );
    const s0 = this.size(text, k.s0, this.s0, line);
    const s1 = quotes ? this.size(text, k.s1, 'ask_size', line) : Number.NaN;
    if (s0 === undefined || s1 === undefined) return;
    let side = 0;
    if (c.side !== undefined) {
      const raw = this.raw(text, 'side');
      const s = sideOf(raw, this.binance);
      if (s === undefined) return this.bad(line, 'side', raw, 'bad_number', 'not a side (buy or sell)');
      side = s;
    }
    let id = Number.NaN;
    if (c.id !== undefined) {
      id = numAt(text, this.from[c.id]!, this.to[c.id]!);
      if (!Number.isSafeInteger(id))
        return this.bad(line, 'id', this.raw(text, 'id'), 'bad_number', 'a trade id must be a whole number');
      if (this.ids.has(id)) {
        const raw = this.raw(text, 'id');
        return this.bad(line, 'id', raw, 'duplicate_trade_id', `trade id ${raw} was seen before`);
      }
    }
    if (this.goesBack(ts)) {
      const back = (this.lastTs - ts) / 1000;
      return this.bad(
        line,
        'ts',
        this.raw(text, 'ts'),
        'time_backwards',
        `time goes back ${back} ms, more than the ${this.plan.toleranceMs} ms tolerated`,
      );
    }
    return this.place(ts, v0, v1, s0, s1, side, id);
  }

  /**
   * The data line in bytes `buf` from `a` to `b`, read in one pass over its bytes with no string,
   * when it is plain: ASCII fields the plan reads, numbers `[-]digits[.digits]` of up to 15 digits,
   * a time as its layout writes it, and no rule broken. Any other line is decoded and read by
   * pushAt, which gives the same ticks (tick-fast-parse.test.ts holds the two to each other) and
   * words every problem with its line and column.
   */
  pushBytes(buf: Uint8Array, a: number, b: number, line: number): Promise<void> | undefined {
    const sc = this.scanner;
    if (sc === null || sc.scan(buf, a, b, true) !== b || sc.fields <= this.widest)
      return this.pushText(buf, a, b, line);
    const ts = this.time.readBytes(buf, sc.tsStart, sc.tsEnd);
    const v = sc.vals;
    const v0 = v[0]!;
    const v1 = this.quotes ? v[1]! : 0;
    const s0 = this.cols.s0 < 0 ? Number.NaN : v[2]!;
    const s1 = this.cols.s1 < 0 ? Number.NaN : v[3]!;
    const pricesOk = v0 > 0 && (!this.quotes || (v1 > 0 && v0 <= v1));
    const inYears = ts >= this.fromUs && ts < this.toUs;
    if (!inYears || !pricesOk || s0 < 0 || s1 < 0) return this.pushText(buf, a, b, line);
    let side = 0;
    if (this.plan.columns.side !== undefined) {
      const s = this.sideWords.get(packWord(buf, sc.textStart, sc.textEnd));
      if (s === undefined) return this.pushText(buf, a, b, line);
      side = s;
    }
    let id = Number.NaN;
    if (this.plan.columns.id !== undefined) {
      id = v[4]!;
      if (!Number.isSafeInteger(id) || this.ids.has(id)) return this.pushText(buf, a, b, line);
    }
    if (this.goesBack(ts)) return this.pushText(buf, a, b, line);
    this.rowsRead++;
    return this.place(ts, v0, v1, s0, s1, side, id);
  }

  /** A line the byte pass does not read, decoded and read as text. */
  private pushText(buf: Uint8Array, a: number, b: number, line: number): Promise<void> | undefined {
    const text = this.lineDecoder.decode(buf.subarray(a, b));
    return this.pushAt(text, 0, text.length, line);
  }

  /**
   * The time rule after a tick's values passed theirs: true when it goes back further than the
   * tolerance (a problem); a tick outside the range's bounds stops the range (OUTSIDE_RANGE).
   */
  private goesBack(ts: number): boolean {
    // Before the time rule: a range's first ticks meet it with no history of their own.
    if (ts < this.bounds.floor) throw OUTSIDE_RANGE;
    if (ts < this.lastTs - this.toleranceUs || ts < this.flushedTs) return true;
    if (ts >= this.bounds.ceil) throw OUTSIDE_RANGE;
    return false;
  }

  /** Puts a valid tick into the day's buffer, handing the day over first when it ends or is full. */
  private place(
    ts: number,
    v0: number,
    v1: number,
    s0: number,
    s1: number,
    side: number,
    id: number,
  ): Promise<void> | undefined {
    const day = Math.floor(ts / DAY_US);
    if (day !== this.day || this.n === this.capacity)
      return this.handOver(day).then(() => this.put(ts, v0, v1, s0, s1, side, id));
    this.put(ts, v0, v1, s0, s1, side, id);
    return undefined;
  }

  /**
   * Notes where the fields the plan reads start and end (into `from`/`to`) and returns how many
   * fields the line has, as `split` would count them.
   */
  private split(text: string, a: number, b: number): number {
    const d = this.delimiter;
    let n = 0;
    let start = a;
    for (let i = a; i < b; i++) {
      if (text.charCodeAt(i) !== d) continue;
      if (n <= this.widest) {
        this.from[n] = start;
        this.to[n] = i;
      }
      n++;
      start = i + 1;
    }
    if (n <= this.widest) {
      this.from[n] = start;
      this.to[n] = b;
    }
    return n + 1;
  }

  /** A mapped field's text, cut out only to be reported. */
  private raw(text: string, field: keyof TickPlan['columns']): string {
    const i = this.plan.columns[field]!;
    return text.slice(this.from[i]!, this.to[i]!);
  }

  /** A price field (field `i`, mapped from `k`), or undefined after reporting why it is not one. */
  private price(text: string, i: number, k: 'bid' | 'ask' | 'price', line: number): number | undefined {
    const v = numAt(text, this.from[i]!, this.to[i]!);
    if (!Number.isFinite(v)) {
      this.bad(line, k, this.raw(text, k), 'bad_number', 'not a number');
      return undefined;
    }
    if (v <= 0) {
      this.bad(line, k, this.raw(text, k), 'non_positive_price', 'a price must be above zero');
      return undefined;
    }
    return v;
  }

  /** A size field (field `i`; NaN when not mapped (-1) or empty), or undefined after reporting why it is not one. */
  private size(
    text: string,
    i: number,
    k: 'bid_size' | 'ask_size' | 'size',
    line: number,
  ): number | undefined {
    if (i < 0) return Number.NaN;
    const v = numAt(text, this.from[i]!, this.to[i]!);
    if (v < 0 || (Number.isNaN(v) && !isBlank(text, this.from[i]!, this.to[i]!))) {
      this.bad(line, k, this.raw(text, k), 'bad_number', 'a size must be a number of zero or more');
      return undefined;
    }
    // Past the largest number (1e400): an infinite volume in every bar it falls in.
    if (v === Number.POSITIVE_INFINITY) {
      this.bad(line, k, this.raw(text, k), 'bad_number', 'a size must be a finite number');
      return undefined;
    }
    return v;
  }

  private put(ts: number, v0: number, v1: number, s0: number, s1: number, side: number, id: number): void {
    if (ts < this.lastTs) {
      this.reordered++;
      this.unordered = true;
    } else this.lastTs = ts;
    if (this.plan.columns.id !== undefined) this.ids.add(id);
    const b = this.buf;
    const i = this.n++;
    this.ticks++;
    b.ts[i] = ts;
    if (b.kind === 'quotes') {
      b.bid[i] = v0;
      b.ask[i] = v1;
      if (b.bidSize) b.bidSize[i] = s0;
      if (b.askSize) b.askSize[i] = s1;
    } else {
      b.price[i] = v0;
      b.size[i] = s0;
      if (b.side) b.side[i] = side;
      if (b.id) b.id[i] = id;
    }
  }

  /** Hands the buffered ticks over (sorted when some came a little late) and starts `day`. */
  private async handOver(day: number): Promise<void> {
    if (day !== this.day) this.ids = new Set();
    this.day = day;
    if (this.n === 0) return;
    // In order (the common case) the buffer itself is handed over: the flush is awaited before the
    // next tick overwrites it.
    const out = this.unordered ? this.sorted() : sliceTicks(this.buf, 0, this.n);
    this.flushedTs = out.ts[out.length - 1]!;
    this.n = 0;
    this.unordered = false;
    await this.flush(out);
  }

  /** The buffered ticks in time order (a copy; equal times keep their order). */
  private sorted(): TickBatch {
    const rows = Array.from({ length: this.n }, (_, i) => i);
    const ts = this.buf.ts;
    rows.sort((a, b) => ts[a]! - ts[b]! || a - b);
    return pickTicks(this.buf, rows, this.n);
  }

  /** Hands over the last day. */
  async end(): Promise<void> {
    await this.handOver(this.day);
  }
}
