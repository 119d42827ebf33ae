import { describe, expect, it } from 'vitest';
import { readRowBlock } from '../../../src-main/engines/databases/import/row-blocks';
import type { DbImportPlan } from '../../../src-main/engines/databases/plan';
import { isProblem, RowReader } from '../../../src-main/engines/databases/rows';
import { splitTsvLine } from '../../../src-main/engines/databases/tsv';
import { tsLimitsOfYears } from '../../../src-shared/domain/bar';

const LIMITS = tsLimitsOfYears([1970, 2100]);

function plan(tsKind: DbImportPlan['tsKind'], extra: Partial<DbImportPlan> = {}): DbImportPlan {
  return {
    target: { kind: 'postgres', host: '127.0.0.1', port: 5432, user: 'u', database: 'd' },
    from: { table: 'bars' },
    map: { ts: 'ts', open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume' },
    tsKind,
    series: { venueCol: 'venue', symbolCol: 'symbol', timeframe: '1m' },
    tz: 'Europe/Berlin',
    sourceHash: 'h',
    sourceLabel: 'postgres://u@127.0.0.1:5432/d table bars',
    ...extra,
  } as DbImportPlan;
}

/** Every line read as text, one by one (the reader before the byte path): bars per series and problems. */
function byText(p: DbImportPlan, lines: string[]) {
  const reader = new RowReader(p, LIMITS);
  const bars: Record<string, number[][]> = {};
  const problems: unknown[] = [];
  for (const line of lines) {
    const r = reader.read(splitTsvLine(line));
    if (isProblem(r)) problems.push(r);
    else {
      const list = bars[r.series] ?? [];
      list.push([r.ts, r.open, r.high, r.low, r.close, r.volume]);
      bars[r.series] = list;
    }
  }
  return { bars, problems };
}

function byBlock(p: DbImportPlan, lines: string[]) {
  const reader = new RowReader(p, LIMITS);
  const block = readRowBlock(reader, p, Buffer.from(`${lines.join('\n')}\n`));
  const bars: Record<string, number[][]> = {};
  for (const s of block.series) {
    const b = s.batch;
    bars[s.id] = Array.from({ length: b.length }, (_, i) =>
      [b.ts, b.open, b.high, b.low, b.close, b.volume].map((c) => c[i] as number),
    );
  }
  // byBytes: lines the byte path gave a verdict on (the rest went to the text path).
  return {
    rows: block.rows,
    bars,
    problems: block.problems,
    lastKey: block.lastKey,
    byBytes: reader.rowsByBytes,
  };
}

const T = Date.UTC(2024, 2, 1);
const m = (i: number) => String(T + i * 60_000);

// Lines the byte path reads, and lines it must hand to the text path, mixed.
const LINES = [
  `${m(0)}\tBINANCE\tBTCUSDT\t100.5\t101\t99.25\t100.75\t12`,
  `${m(0)}\tbinance\teth/usdt\t-0\t0\t-0.5\t-0\t0`,
  // NULL volume, exponents, 17 significant digits, NaN, Infinity, a leading plus.
  `${m(1)}\tBINANCE\tBTCUSDT\t100.5\t101\t99.25\t100.75\t\\N`,
  `${m(1)}\tbinance\teth/usdt\t1e-05\t2E+3\t1e-05\t0.30000000000000004\t1.2345678901234567`,
  `${m(2)}\tBINANCE\tBTCUSDT\tNaN\t101\t99\t100\t1`,
  `${m(3)}\tBINANCE\tBTCUSDT\t100\tInfinity\t99\t100\t+5`,
  `${m(4)}\tBINANCE\tBTCUSDT\t.5\t1.\t0.25\t0.5\t1`,
  // Rules: a duplicate, a time going back, off the grid, high below close, negative volume.
  `${m(4)}\tBINANCE\tBTCUSDT\t100\t101\t99\t100\t1`,
  `${m(3)}\tbinance\teth/usdt\t100\t101\t99\t100\t1`,
  `${T + 5 * 60_000 + 1}\tBINANCE\tBTCUSDT\t100\t101\t99\t100\t1`,
  `${m(6)}\tBINANCE\tBTCUSDT\t100\t99\t98\t100.5\t1`,
  `${m(7)}\tBINANCE\tBTCUSDT\t100\t101\t99\t100\t-1`,
  // Series: escaped text, UTF-8, a bad one, an empty one, a missing field, an extra field, an empty line.
  `${m(8)}\tBIN\\tANCE\tBTCUSDT\t100\t101\t99\t100\t1`,
  `${m(8)}\tBÖRSE\tDAX\t100\t101\t99\t100\t1`,
  `${m(8)}\tBINANCE\tBTC..USDT\t100\t101\t99\t100\t1`,
  `${m(9)}\t\tBTCUSDT\t100\t101\t99\t100\t1`,
  `${m(10)}\tBINANCE\tBTCUSDT\t100\t101\t99\t100`,
  `${m(11)}\tBINANCE\tBTCUSDT\t100\t101\t99\t100\t1\t7`,
  '',
  // ts keys: 16 digits (past the byte path's 15), negative, empty, not a number.
  `1709251200000000\tBINANCE\tBTCUSDT\t100\t101\t99\t100\t1`,
  `-60000\tBINANCE\tBTCUSDT\t100\t101\t99\t100\t1`,
  `\tBINANCE\tBTCUSDT\t100\t101\t99\t100\t1`,
  `x${m(12)}\tBINANCE\tBTCUSDT\t100\t101\t99\t100\t1`,
  `${m(13)}\tBINANCE\tBTCUSDT\t100\t101\t99\t100\t3`,
];

describe('a block read from its bytes', () => {
  it('gives the bars, problems and last key of reading each line as text, for instants', () => {
    const p = plan('instant');
    const a = byText(p, LINES);
    const b = byBlock(p, LINES);
    expect(b.rows).toBe(LINES.length);
    // The byte path took the plain lines: 0, 1, the five rule breakers, -60000 (out of range) and the last.
    expect(b.byBytes).toBe(9);
    expect(b.bars).toEqual(a.bars);
    expect(b.problems).toEqual(a.problems);
    expect(Object.keys(b.bars)).toEqual(['BINANCE:BTCUSDT:1m', 'BINANCE:ETH_USDT:1m']);
    expect(b.problems.map((x) => x.rule)).toEqual([
      ...['not_finite', 'not_finite', 'duplicate', 'off_grid', 'high_below_max', 'negative_volume'],
      ...['bad_series', 'bad_series', 'bad_series', 'bad_series', 'bad_series'],
      ...['ts_out_of_range', 'ts_out_of_range', 'duplicate', 'bad_timestamp'],
    ]);
    expect(b.lastKey).toEqual([m(13), 'BINANCE', 'BTCUSDT']);
    // The byte path's numbers are the doubles Number() reads.
    expect(b.bars['BINANCE:ETH_USDT:1m']?.[1]).toEqual([
      T + 60_000,
      1e-5,
      2000,
      1e-5,
      0.30000000000000004,
      1.2345678901234567,
    ]);
  });

  it('the same for naive times in a zone, integer epochs and one fixed series', () => {
    const took: number[] = [];
    for (const p of [
      plan('wall'),
      plan('integer'),
      plan('instant', { series: { fixed: { venue: 'X', symbol: 'Y', timeframe: '1m' } } }),
    ]) {
      // A naive time's key is one PostgreSQL wrote (an integer of ms): a zone has no answer for others.
      const real = LINES.filter((l) => p.tsKind !== 'wall' || /^-?\d{1,13}\t/.test(l));
      const fixed = (l: string) =>
        l
          .split('\t')
          .filter((_, i) => i !== 1 && i !== 2)
          .join('\t');
      const lines = 'fixed' in p.series ? real.map(fixed) : real;
      const a = byText(p, lines);
      const b = byBlock(p, lines);
      took.push(b.byBytes);
      expect(b.bars).toEqual(a.bars);
      expect(b.problems).toEqual(a.problems);
    }
    // Lines the byte path took, per plan: the comparison above is not all text-path agreement.
    expect(took).toEqual([9, 9, 13]);
  });
});
