/** One side's figures for one series and month (UTC). Sums run in time order on both sides, so equal bars give equal sums. */
export interface MonthFigures {
  rows: number;
  first: number;
  last: number;
  sumClose: number;
  sumVolume: number;
}

/**
 * Figures plus a checksum of close and of volume: the sum, modulo 2^64, of each value's 64-bit
 * pattern. A database sums these exactly in any order, so an aggregate query can be compared with
 * the catalog bit for bit although its float sums run in its own order.
 */
export interface CheckedFigures extends MonthFigures {
  closeBits: bigint;
  volumeBits: bigint;
}

/** series id -> YYYY-MM -> figures. */
export type Months = Map<string, Map<string, CheckedFigures>>;

const TWO_32 = 2 ** 32;

/** Where one series' bars are being added: its current month and the pending bit-sum halves. */
interface Cursor {
  from: number;
  to: number;
  f: CheckedFigures | null;
  /** Low and high 32-bit halves of close's and volume's bit patterns, summed as exact numbers. */
  closeLo: number;
  closeHi: number;
  volLo: number;
  volHi: number;
}

/**
 * Adds bars to per-series, per-month figures. The month is found once per month and series, not
 * per bar (a Date per bar was most of the parity check's time), and the bit sums are kept as exact
 * number halves, folded into a bigint when a month ends.
 */
export class MonthAdder {
  private readonly months: Months = new Map();
  private readonly cursors = new Map<string, Cursor>();
  private readonly f64 = new Float64Array(1);
  private readonly u32 = new Uint32Array(this.f64.buffer);

  add(series: string, ts: number, close: number, volume: number): void {
    let c = this.cursors.get(series);
    if (!c) {
      c = { from: 0, to: -1, f: null, closeLo: 0, closeHi: 0, volLo: 0, volHi: 0 };
      this.cursors.set(series, c);
    }
    if (ts < c.from || ts >= c.to || !c.f) this.open(series, c, ts);
    const f = c.f as CheckedFigures;
    f.rows++;
    if (ts < f.first) f.first = ts;
    if (ts > f.last) f.last = ts;
    f.sumClose += close;
    this.f64[0] = close;
    c.closeLo += this.u32[0] as number;
    c.closeHi += this.u32[1] as number;
    if (!Number.isNaN(volume)) {
      f.sumVolume += volume;
      this.f64[0] = volume;
      c.volLo += this.u32[0] as number;
      c.volHi += this.u32[1] as number;
    }
    // The halves stay exact (< 2^53) for 2^21 bars: fold well before.
    if (f.rows % 1_000_000 === 0) fold(c);
  }

  /** The figures, every pending sum folded in. */
  finish(): Months {
    for (const c of this.cursors.values()) fold(c);
    return this.months;
  }

  private open(series: string, c: Cursor, ts: number): void {
    fold(c);
    const d = new Date(ts);
    c.from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    c.to = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    let s = this.months.get(series);
    if (!s) {
      s = new Map();
      this.months.set(series, s);
    }
    const key = d.toISOString().slice(0, 7);
    let f = s.get(key);
    if (!f) {
      f = { rows: 0, first: ts, last: ts, sumClose: 0, sumVolume: 0, closeBits: 0n, volumeBits: 0n };
      s.set(key, f);
    }
    c.f = f;
  }
}

function fold(c: Cursor): void {
  if (c.f) {
    c.f.closeBits = addBits(c.f.closeBits, halvesToBits(c.closeLo, c.closeHi));
    c.f.volumeBits = addBits(c.f.volumeBits, halvesToBits(c.volLo, c.volHi));
  }
  c.closeLo = c.closeHi = c.volLo = c.volHi = 0;
}

export const addBits = (a: bigint, b: bigint) => BigInt.asUintN(64, a + b);
const halvesToBits = (lo: number, hi: number) => BigInt.asUintN(64, BigInt(hi) * BigInt(TWO_32) + BigInt(lo));
