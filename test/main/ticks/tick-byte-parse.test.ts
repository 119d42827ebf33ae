import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src-main/app/jobs/sample-data';
import { ProblemLog } from '../../../src-main/engines/import/parse/problems';
import { TickRows } from '../../../src-main/engines/import/ticks/tick-rows';
import { readTickFile } from '../../../src-main/engines/import/ticks/tick-stream';
import { TickTimeReader } from '../../../src-main/engines/import/ticks/tick-time';
import type { TickPlan, TickTime } from '../../../src-shared/domain/ticks';
import { closeAfterEach } from '../../helpers/close-after';
import { tempDir } from '../catalog/helpers';
import { tickRows } from './helpers';

// Plain lines are read from their bytes (TickRows.pushBytes, TickTimeReader.readBytes); anything
// else is decoded and read as text. These hold the byte pass to the text pass, tick for tick and
// problem for problem, and the file read (readTickFile, what the import worker runs) to exact messages.

const two = (n: number) => String(n).padStart(2, '0');

/** A time of `layout` at `t` (ms) with fraction digits `frac` and, for dmy-dots and iso, a suffix. */
function spell(layout: TickTime, t: number, frac: string, suffix: string): string {
  const d = new Date(t);
  const [y, mo, da] = [d.getUTCFullYear(), two(d.getUTCMonth() + 1), two(d.getUTCDate())];
  const [h, mi, s] = [two(d.getUTCHours()), two(d.getUTCMinutes()), two(d.getUTCSeconds())];
  const f = frac ? `.${frac}` : '';
  switch (layout) {
    case 'dmy-dots':
      return `${da}.${mo}.${y} ${h}:${mi}:${s}${f}${suffix}`;
    case 'ymd-colons':
      return `${y}${mo}${da} ${h}:${mi}:${s}${f}`;
    case 'ymd-glued':
      return `${y}${mo}${da} ${h}${mi}${s}${frac}`;
    case 'iso':
      return `${y}-${mo}-${da}${suffix.length % 2 ? ' ' : 'T'}${h}:${mi}:${s}${f}${suffix}`;
    case 'epoch-s':
      return `${Math.floor(t / 1000)}${f}`;
    case 'epoch-ms':
      return `${t}${f}`;
    case 'epoch-us':
      return `${t}${frac.slice(0, 3).padEnd(3, '0')}`;
    case 'epoch-ns':
      return `${t}${frac.slice(0, 6).padEnd(6, '0')}`;
  }
}

const SUFFIXES: Record<string, string[]> = {
  'dmy-dots': ['', '', ' GMT+0200', 'GMT-05:00', ' GMT+0000', '  GMT+0100', ' GMT+02', ' GMT'],
  iso: ['', 'Z', '+02:00', '-0530', '+01', 'z', ' Z'],
};
const JUNK = ['', ' ', '\t', '\u00a0', '\ufeff', 'x', '-', '+', '.', ',', ':', 'é', '0', '9', 'Z', 'G', 'e'];

/** `raw` with one character replaced, inserted or removed (or padded), at random; `digits`: junk may be one. */
function mutate(raw: string, r: () => number, digits = true): string {
  const at = Math.floor(r() * (raw.length + 1));
  const junk = JUNK[Math.floor(r() * JUNK.length)]!.replace(digits ? '' : /\d/, 'x');
  const op = r();
  if (op < 0.4) return raw.slice(0, at) + junk + raw.slice(at + 1);
  if (op < 0.8) return raw.slice(0, at) + junk + raw.slice(at);
  return op < 0.9 ? ` ${raw}` : `${raw}\u00a0`;
}

describe('tick times read from bytes', () => {
  it('read every plain time of each layout from its bytes as readAt reads its text, and leave the rest to readAt', () => {
    const r = mulberry32(16);
    const off: string[] = [];
    const layouts: TickTime[] = [
      'dmy-dots',
      'ymd-colons',
      'ymd-glued',
      'iso',
      'epoch-s',
      'epoch-ms',
      'epoch-us',
      'epoch-ns',
    ];
    for (const layout of layouts) {
      for (const tz of ['UTC', 'America/New_York']) {
        const text = new TickTimeReader(layout, tz);
        const bytes = new TickTimeReader(layout, tz);
        let read = 0;
        for (let i = 0; i < 6_000; i++) {
          const t = Date.UTC(2001, 0, 1) + Math.floor(r() * 25 * 365 * 86_400_000);
          const frac = Array.from({ length: Math.floor(r() * 9) }, () => String(Math.floor(r() * 10))).join(
            '',
          );
          const suffixes = SUFFIXES[layout] ?? [''];
          const plain = spell(layout, t, frac, suffixes[Math.floor(r() * suffixes.length)]!);
          const raw = i % 2 === 0 ? plain : mutate(plain, r);
          const field = `;${raw};`;
          const buf = Buffer.from(field, 'utf8');
          const want = text.readAt(field, 1, 1 + raw.length);
          const got = bytes.readBytes(buf, 1, buf.length - 1);
          if (!Number.isNaN(got)) read++;
          // NaN from bytes: the line goes to the text pass; any number must be the text pass's.
          if (!Number.isNaN(got) && !Object.is(got, want)) off.push(`${layout} ${tz} ${JSON.stringify(raw)}`);
          // A plain time with a fraction of 1 to 6 digits (or none) is one the byte pass reads.
          // (Not an epoch count of 2^53 or more: Number reads it, not the byte pass, as decimalAt.)
          const plainOk =
            i % 2 === 0 &&
            !Number.isNaN(want) &&
            frac.length <= 6 &&
            !(layout.startsWith('epoch') && Number(raw.replace(/\D/g, '')) >= 2 ** 53);
          if (plainOk && Number.isNaN(got) && !/ {2}GMT| GMT(\+02)?$/.test(raw))
            off.push(`not read from bytes: ${layout} ${tz} ${JSON.stringify(raw)}`);
        }
        // Nanosecond counts are 2^53 or more: Number reads them, on the text pass.
        if (layout !== 'epoch-ns') expect(read, `${layout} ${tz}`).toBeGreaterThan(1_000);
      }
    }
    expect(off).toEqual([]);
  });
});

const QUOTES: TickPlan = {
  format: 'dukascopy',
  kind: 'quotes',
  venue: 'DUKASCOPY',
  symbol: 'EURUSD',
  hasHeader: true,
  delimiter: ',',
  columns: { ts: 0, ask: 1, bid: 2, ask_size: 3, bid_size: 4 },
  columnNames: ['Gmt time', 'Ask', 'Bid', 'AskVolume', 'BidVolume'],
  time: 'dmy-dots',
  tz: 'UTC',
  ticks: 'both',
  price: 'mid',
  timeframe: '1m',
  toleranceMs: 500,
};

const TRADES: TickPlan = {
  format: 'binance-trades',
  kind: 'trades',
  venue: 'BINANCE',
  symbol: 'BTCUSDT',
  hasHeader: false,
  delimiter: ',',
  columns: { id: 0, price: 1, size: 2, ts: 4, side: 5 },
  columnNames: ['id', 'price', 'qty', 'quote_qty', 'time', 'is_buyer_maker'],
  time: 'epoch-ms',
  tz: 'UTC',
  ticks: 'keep',
  price: null,
  timeframe: null,
  toleranceMs: 100,
};

/** Lines of a plan's layout, one in four mutated in one field. */
function lines(plan: TickPlan, r: () => number, n: number): string[] {
  const out: string[] = [];
  let t = Date.UTC(2024, 0, 2, 23);
  let p = 1.1;
  for (let i = 0; i < n; i++) {
    t += Math.floor(r() * 900) - (r() < 0.05 ? 700 : 0);
    p = Math.max(0.0001, p + (r() - 0.5) * 0.001);
    const fields =
      plan.kind === 'quotes'
        ? [
            spell('dmy-dots', t, String(t % 1000).padStart(3, '0'), ''),
            (p + 0.0002).toFixed(5),
            p.toFixed(r() < 0.5 ? 5 : 15),
            (r() * 5).toFixed(2),
            (r() * 5).toFixed(2),
          ]
        : [
            String(1000 + i - (r() < 0.02 ? 3 : 0)),
            (p * 1000).toFixed(2),
            (r() * 2).toFixed(8),
            '0.5',
            String(t),
            ['True', 'False', 'true', 'FALSE'][i % 4]!,
          ];
    if (r() < 0.25) {
      // No digit into a time: a time made much later makes every tick after it go back.
      const f = Math.floor(r() * fields.length);
      fields[f] = r() < 0.2 ? '' : mutate(fields[f]!, r, f !== plan.columns.ts);
    }
    if (r() < 0.01) fields.pop();
    out.push(fields.join(','));
  }
  return out;
}

/** A plan's lines pushed as text (push) or as the bytes of a UTF-8 buffer (pushBytes). */
async function run(plan: TickPlan, text: string[], bytes: boolean) {
  const log = new ProblemLog('ticks.csv');
  const rows: number[][] = [];
  const reader = new TickRows(plan, log, async (day) => {
    rows.push(...tickRows(day));
  });
  const buf = Buffer.from(text.join('\n'), 'utf8');
  let a = 0;
  for (const [i, l] of text.entries()) {
    const b = buf.indexOf(10, a) < 0 ? buf.length : buf.indexOf(10, a);
    const handOver = bytes ? reader.pushBytes(buf, a, b, i + 2) : reader.push(l, i + 2);
    if (handOver !== undefined) await handOver;
    a = b + 1;
  }
  await reader.end();
  const { rowsRead, rowsInvalid, reordered, ticks } = reader;
  return { rows, problems: log.full, counts: log.counts, rowsRead, rowsInvalid, reordered, ticks };
}

describe('tick rows read from bytes', () => {
  it('give the ticks, problems and counts the text pass gives: Dukascopy quotes, Binance trades with ids and sides', async () => {
    for (const [plan, seed] of [
      [QUOTES, 1],
      [QUOTES, 2],
      [TRADES, 3],
      [TRADES, 4],
    ] as const) {
      const text = lines(plan, mulberry32(seed), 20_000);
      const bytes = await run(plan, text, true);
      expect(bytes).toEqual(await run(plan, text, false));
      expect(bytes.ticks).toBeGreaterThan(2_000);
      expect(bytes.rowsInvalid).toBeGreaterThan(500);
    }
  });
});

describe('a tick file read through (readTickFile)', () => {
  const opened = closeAfterEach();

  it('names each bad line by file, line and column, across chunk ends, CRLF and a byte-order mark', async () => {
    const t = opened(tempDir('barcat-tick-bytes-'), (made) => made.cleanup());
    const file = path.join(t.dir, 'EURUSD_Ticks.csv');
    const rows = ['\ufeffGmt time,Ask,Bid,AskVolume,BidVolume'];
    const start = Date.UTC(2024, 0, 2);
    const at = (i: number) => spell('dmy-dots', start + i * 1000, '250', '');
    for (let i = 0; i < 30_000; i++) rows.push(`${at(i)},1.10012,1.10000,1.5,2.25`);
    // The line that crosses the first 1 MiB chunk's end (CRLF: each line is its length + 2 bytes).
    const lineOf = (byte: number) => {
      let pos = 0;
      for (const [i, l] of rows.entries()) {
        pos += Buffer.byteLength(l) + 2;
        if (pos > byte) return i;
      }
      throw new Error('file too short');
    };
    const cut = lineOf(2 ** 20);
    rows[9] = `${at(9)},1.1O012,1.10000,1.5,2.25`;
    rows[99] = `${at(99)},\u00a01.10012\u00a0,1.10000,1.5,2.25`;
    rows[999] = `${at(999)},1.10012,1.10000,1.5,-2`;
    rows[cut] = `${at(cut)},1.10012,1.1é,1.5,2.25`;
    rows[20_000] = `${at(20_000)},1.10012,1.10020,1.5,2.25`;
    writeFileSync(file, `${rows.join('\r\n')}\r\n`);
    const r = await readTickFile({ kind: 'ticks', file, plan: QUOTES, onError: 'skip', area: null });
    const msg = (line: number, col: string, value: string, what: string, advice: string) =>
      `${file} line ${line}, column ${col}: ${what} (value "${value}"); ${advice}`;
    const fixNumber = 'fix the number or pass --on-error skip to leave the row out';
    expect(new Set([9, 99, 999, 20_000, cut]).size).toBe(5);
    expect(cut).toBeGreaterThan(20_000);
    expect(r.problems.map((p) => [p.line, p.column, p.rule, p.message])).toEqual([
      [10, 'Ask', 'bad_number', msg(10, 'Ask', '1.1O012', 'not a number', fixNumber)],
      [
        1000,
        'BidVolume',
        'bad_number',
        msg(1000, 'BidVolume', '-2', 'a size must be a number of zero or more', fixNumber),
      ],
      [
        20_001,
        'Bid',
        'crossed_quote',
        msg(
          20_001,
          'Bid',
          '1.10020',
          'crossed quote: bid 1.1002 is above ask 1.10012',
          'check the vendor data or pass --on-error skip to leave the row out',
        ),
      ],
      [cut + 1, 'Bid', 'bad_number', msg(cut + 1, 'Bid', '1.1é', 'not a number', fixNumber)],
    ]);
    expect([r.lines, r.rowsRead, r.rowsInvalid, r.ticks]).toEqual([30_001, 30_000, 4, 29_996]);
    expect([r.first, r.last]).toEqual([start * 1000 + 250_000, (start + 29_999_000) * 1000 + 250_000]);
    // The spaced price is read as Number reads it: 30,000 ticks less the four bad ones, one bar a minute.
    expect(r.bars?.length).toBe(500);
    expect(r.bars?.open[1]).toBe((1.10012 + 1.1) / 2);
  });

  it('a time outside the catalog years (a µs count in a ms file) is a problem of its line, not a failed write', async () => {
    const t = opened(tempDir('barcat-tick-years-'), (made) => made.cleanup());
    const file = path.join(t.dir, 'BTCUSDT-trades-2024-03-01.csv');
    const ms = Date.UTC(2024, 2, 1, 12);
    const rows = Array.from({ length: 50 }, (_, i) => `${1000 + i},60000.5,0.01,600.005,${ms + i},True`);
    rows[20] = `1020,60000.5,0.01,600.005,${(ms + 20) * 1000},True`;
    writeFileSync(file, `${rows.join('\n')}\n`);
    const r = await readTickFile({ kind: 'ticks', file, plan: TRADES, onError: 'skip', area: null });
    // Read as ms, the µs count is a time in the year 56135.
    const raw = String((ms + 20) * 1000);
    expect(new Date((ms + 20) * 1000).toISOString()).toBe('+056135-05-21T00:00:20.000Z');
    expect(r.problems.map((p) => [p.line, p.column, p.rule, p.message])).toEqual([
      [
        21,
        'time',
        'ts_out_of_range',
        `${file} line 21, column time: time +056135-05-21T00:00:20.000Z is outside the allowed years 1900-2200 (set BARCAT_YEARS=FIRST-LAST to allow others) (value "${raw}"); fix the time (or set BARCAT_YEARS) or pass --on-error skip to leave the row out`,
      ],
    ]);
    expect([r.rowsRead, r.rowsInvalid, r.ticks]).toEqual([50, 1, 49]);
  });

  it('a size past the largest number (1e400, read as Infinity) is a problem of its line, not an infinite volume', async () => {
    const t = opened(tempDir('barcat-tick-inf-'), (made) => made.cleanup());
    const file = path.join(t.dir, 'BTCUSDT-trades-2024-03-01.csv');
    const ms = Date.UTC(2024, 2, 1, 12);
    const rows = Array.from({ length: 50 }, (_, i) => `${1000 + i},60000.5,0.01,600.005,${ms + i},True`);
    rows[30] = `1030,60000.5,1e400,600.005,${ms + 30},True`;
    writeFileSync(file, `${rows.join('\n')}\n`);
    const r = await readTickFile({ kind: 'ticks', file, plan: TRADES, onError: 'skip', area: null });
    expect(r.problems.map((p) => [p.line, p.column, p.rule, p.message])).toEqual([
      [
        31,
        'qty',
        'bad_number',
        `${file} line 31, column qty: a size must be a finite number (value "1e400"); fix the number or pass --on-error skip to leave the row out`,
      ],
    ]);
    expect([r.rowsRead, r.rowsInvalid, r.ticks]).toEqual([50, 1, 49]);
  });
});
