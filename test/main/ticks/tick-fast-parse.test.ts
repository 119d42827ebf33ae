import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProblemLog } from '../../../src-main/engines/import/parse/problems';
import { isBlank, isSpace, numAt } from '../../../src-main/engines/import/ticks/tick-fields';
import { TickRows } from '../../../src-main/engines/import/ticks/tick-rows';
import { TickTimeReader } from '../../../src-main/engines/import/ticks/tick-time';
import type { TickPlan } from '../../../src-shared/domain/ticks';
import { tickRows } from './helpers';

// The per-tick parse reads fields in place from char codes; these properties hold it to the string
// path it replaced: Number(text) (blank = NaN), String.trim, and civil times computed by Date.UTC.

const REAL = path.resolve(__dirname, '../../../../shared/testdata/real');

/** A seeded generator, so a failure names a case that comes back on the next run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The old number rule: Number(raw), but NaN for an empty or blank field. */
function oldNum(raw: string): number {
  const v = Number(raw);
  return v === 0 && raw.trim().length === 0 ? Number.NaN : v;
}

/** numAt of `raw` read from inside a longer text, so no read may stray past its bounds. */
function numInside(raw: string): number {
  const text = `9,${raw},9`;
  return numAt(text, 2, 2 + raw.length);
}

function decimals(r: () => number): string[] {
  const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(r() * 10))).join('');
  const out: string[] = [];
  for (let i = 0; i < 40_000; i++) {
    const sign = ['', '', '-', '+'][Math.floor(r() * 4)]!;
    const int = digits(Math.floor(r() * 18));
    const frac = r() < 0.8 ? `.${digits(Math.floor(r() * 26))}` : '';
    let s = `${sign}${int}${frac}`;
    if (r() < 0.05) s = `${s}e${['', '-', '+'][Math.floor(r() * 3)]}${Math.floor(r() * 30)}`;
    if (r() < 0.03) s = ` ${s}`;
    if (r() < 0.03) s = `${s}\t`;
    out.push(s);
  }
  return out;
}

const EDGES = [
  '',
  ' ',
  '\t',
  '\u00a0',
  '\ufeff',
  '-',
  '+',
  '.',
  '-.',
  '+.',
  '..',
  '1..2',
  '1.2.3',
  '0',
  '-0',
  '+0',
  '-0.0',
  '00',
  '007.50',
  '1.',
  '.5',
  '-.5',
  '+.5',
  '1e5',
  '1E-5',
  '-1.5e+3',
  '1e',
  'e5',
  '.e1',
  ' 1.5',
  '1.5 ',
  ' 1 2',
  '1,5',
  '0x1f',
  '0b11',
  '0o7',
  '-0x1f',
  'Infinity',
  '-Infinity',
  '+Infinity',
  'NaN',
  'abc',
  '1_000',
  '١٢',
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '-9007199254740993',
  '99999999999999999999',
  '1.7976931348623157e308',
  '1e309',
  '5e-324',
  '0.1',
  '0.2',
  '0.3',
  '0.30000000000000004',
  '1.1212',
  '123456789012345.6',
  '0.000000000000000000001',
  '0.0000000000000000000001',
  '0.00000000000000000000001',
  '1.0000000000000000000000',
  '4.35',
  '2.675',
  '1.005',
  '8.41',
  '0.000001',
  '100000000000000000000000',
];

describe('tick fields read in place', () => {
  it('treats exactly the characters String.trim strips as spaces', () => {
    for (let c = 0; c < 0x10000; c++)
      expect(isSpace(c), `U+${c.toString(16)}`).toBe(String.fromCharCode(c).trim() === '');
  });

  it('reads every generated, edge and real field bit for bit as Number(text), blank as NaN', () => {
    const real = [
      'histdata-tick/quote_tick_data.csv',
      'dukascopy/test.csv',
      'binance-kline/BTCUSDT-1h-2024-11.csv',
    ]
      .flatMap((f) => readFileSync(path.join(REAL, f), 'latin1').split(/\r?\n/))
      .flatMap((l) => l.split(/[,;\t]/));
    const fields = [...EDGES, ...decimals(rng(16)), ...real];
    expect(real.length).toBeGreaterThan(30_000);
    const off: string[] = [];
    for (const raw of fields) {
      if (!Object.is(numInside(raw), oldNum(raw))) off.push(raw);
      if (isBlank(`x${raw}x`, 1, 1 + raw.length) !== (raw.trim() === '')) off.push(`blank? ${raw}`);
    }
    expect(off).toEqual([]);
  });
});

/** The civil µs a time spells, by Date.UTC (the old reader's rules: fraction cut after 6 digits). */
function civil(y: number, mo: number, d: number, h: number, mi: number, s: number, frac: string): number {
  const six = frac.slice(0, 6);
  if (!/^\d*$/.test(six)) return Number.NaN;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return Number.NaN;
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0 to 99 as 1900 to 1999.
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  return t.setUTCHours(h, mi, s, 0) * 1000 + Number(six.padEnd(6, '0'));
}

const LAYOUTS = {
  // The old reader never looked at the dmy-dots colons: any character stands there.
  'dmy-dots': /^(\d\d)\.(\d\d)\.(\d{4}) (\d\d)[\s\S](\d\d)[\s\S](\d\d)(?:\.([\s\S]*))?$/,
  'ymd-colons': /^(\d{4})(\d\d)(\d\d) (\d\d):(\d\d):(\d\d)(?:\.([\s\S]*))?$/,
  'ymd-glued': /^(\d{4})(\d\d)(\d\d) (\d\d)(\d\d)(\d\d)([\s\S]*)$/,
} as const;

/** What the old reader gave for a UTC time in one of the fixed layouts, by regex and Date.UTC. */
function oldTime(layout: keyof typeof LAYOUTS, raw: string): number {
  const m = LAYOUTS[layout].exec(raw.trim());
  if (!m) return Number.NaN;
  const n = m.slice(1, 7).map(Number);
  const [y, mo, d] = layout === 'dmy-dots' ? [n[2]!, n[1]!, n[0]!] : [n[0]!, n[1]!, n[2]!];
  return civil(y, mo, d, n[3]!, n[4]!, n[5]!, m[7] ?? '');
}

function spell(layout: keyof typeof LAYOUTS, t: Date, frac: string): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const [y, mo, d] = [t.getUTCFullYear(), two(t.getUTCMonth() + 1), two(t.getUTCDate())];
  const [h, mi, s] = [two(t.getUTCHours()), two(t.getUTCMinutes()), two(t.getUTCSeconds())];
  if (layout === 'dmy-dots') return `${d}.${mo}.${y} ${h}:${mi}:${s}${frac ? `.${frac}` : ''}`;
  if (layout === 'ymd-colons') return `${y}${mo}${d} ${h}:${mi}:${s}${frac ? `.${frac}` : ''}`;
  return `${y}${mo}${d} ${h}${mi}${s}${frac}`;
}

describe('tick times read in place', () => {
  it('reads generated and mutated times of each fixed layout as the old reader did', () => {
    const r = rng(61);
    const junk = '0123456789 .:-+xG\t';
    const off: string[] = [];
    for (const layout of Object.keys(LAYOUTS) as (keyof typeof LAYOUTS)[]) {
      const reader = new TickTimeReader(layout, 'UTC');
      for (let i = 0; i < 20_000; i++) {
        const t = new Date(Date.UTC(2000, 0, 1) + Math.floor(r() * 30 * 365 * 86_400_000));
        const frac = Array.from({ length: Math.floor(r() * 10) }, () => String(Math.floor(r() * 10))).join(
          '',
        );
        let raw = spell(layout, t, frac);
        if (i % 2 === 1) {
          const at = Math.floor(r() * raw.length);
          raw = raw.slice(0, at) + junk[Math.floor(r() * junk.length)]! + raw.slice(at + 1);
        }
        if (r() < 0.05) raw = ` ${raw} `;
        const got = reader.readAt(`,${raw},`, 1, 1 + raw.length);
        if (!Object.is(got, oldTime(layout, raw))) off.push(`${layout} ${JSON.stringify(raw)}`);
      }
    }
    expect(off).toEqual([]);
  });

  it('reads a Dukascopy GMT suffix only where one ends the time, as the old regex did', () => {
    const r = rng(5);
    const reader = new TickTimeReader('dmy-dots', 'UTC');
    const suffixes = [
      ' GMT+0200',
      ' GMT-05:00',
      'GMT+0000',
      '  GMT+01:30',
      ' GMT+02',
      ' GMT',
      'GMT+02000',
      ' gmt+0200',
    ];
    const off: string[] = [];
    for (let i = 0; i < 4_000; i++) {
      const t = new Date(Date.UTC(2000, 0, 1) + Math.floor(r() * 30 * 365 * 86_400_000));
      const raw = spell('dmy-dots', t, String(Math.floor(r() * 1000))) + suffixes[i % suffixes.length]!;
      const m = /\s*GMT([+-])(\d{2}):?(\d{2})$/.exec(raw);
      const shift = m ? (m[1] === '-' ? 1 : -1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000_000 : 0;
      const want = oldTime('dmy-dots', m ? raw.slice(0, m.index) : raw) + shift;
      if (!Object.is(reader.readAt(`,${raw},`, 1, 1 + raw.length), want)) off.push(raw);
    }
    expect(off).toEqual([]);
  });

  it('reads epoch counts as Math.floor(Number(text) * unit), and nothing else', () => {
    const r = rng(7);
    const off: string[] = [];
    const cases = ['', '.', '1.', '.5', '1..2', '-1', '+1', '1e3', ' 17 ', '1 7', '0x10'];
    for (let i = 0; i < 20_000; i++) {
      const n = Math.floor(r() * 20) + 1;
      const int = Array.from({ length: n }, () => String(Math.floor(r() * 10))).join('');
      cases.push(r() < 0.3 ? `${int}.${String(Math.floor(r() * 1e9))}` : int);
    }
    for (const [unit, scale] of [
      ['epoch-s', 1e6],
      ['epoch-ms', 1e3],
      ['epoch-us', 1],
      ['epoch-ns', 1e-3],
    ] as const) {
      const reader = new TickTimeReader(unit, 'UTC');
      for (const raw of cases) {
        const s = raw.trim();
        const want = /^\d+(\.\d+)?$/.test(s) ? Math.floor(Number(s) * scale) : Number.NaN;
        if (!Object.is(reader.readAt(`;${raw};`, 1, 1 + raw.length), want)) off.push(`${unit} ${raw}`);
      }
    }
    expect(off).toEqual([]);
  });
});

describe('tick rows read in place', () => {
  const plan: TickPlan = {
    format: 'generic',
    kind: 'quotes',
    venue: 'HISTDATA',
    symbol: 'EURUSD',
    hasHeader: false,
    delimiter: ',',
    columns: { ts: 0, bid: 1, ask: 2, bid_size: 3 },
    columnNames: ['time', 'bid', 'ask', 'volume'],
    time: 'ymd-glued',
    tz: 'UTC-5',
    ticks: 'keep',
    price: null,
    timeframe: null,
    toleranceMs: 0,
  };

  async function run(lines: string[], inPlace: boolean | 'bytes') {
    const log = new ProblemLog('quote_tick_data.csv');
    const rows: number[][] = [];
    const reader = new TickRows(plan, log, async (day) => {
      rows.push(...tickRows(day));
    });
    const text = lines.join('\n');
    const bytes = Buffer.from(text, 'latin1');
    let a = 0;
    for (const [i, l] of lines.entries()) {
      const handOver =
        inPlace === 'bytes'
          ? reader.pushBytes(bytes, a, a + l.length, i + 1)
          : inPlace
            ? reader.pushAt(text, a, a + l.length, i + 1)
            : reader.push(l, i + 1);
      if (handOver !== undefined) await handOver;
      a += l.length + 1;
    }
    await reader.end();
    return { rows, problems: log.full };
  }

  it('reads the real histdata tick file and its broken lines exactly as Number and Date.UTC read them', async () => {
    const real = readFileSync(path.join(REAL, 'histdata-tick/quote_tick_data.csv'), 'latin1')
      .trimEnd()
      .split('\n');
    expect(real).toHaveLength(9500);
    const last = real[9499]!.split(',')[0]!;
    const lines = [
      ...real,
      `${last},1.5,1.4,0`,
      `${last},,1.2,0`,
      `${last},-1.2,1.3,0`,
      `${last},1.2,1.3,-1`,
      `${last},1.2e0,+1.3,`,
      `${last},1.2,1.3`,
      '   ',
      `${last.slice(0, 8)}x${last.slice(9)},1.2,1.3,0`,
    ];
    const inPlace = await run(lines, true);
    expect(inPlace).toEqual(await run(lines, false));
    expect(await run(lines, 'bytes')).toEqual(inPlace);
    const fiveHours = 5 * 3_600_000_000;
    const want = [...real, `${last},1.2e0,+1.3,`].map((l) => {
      const f = l.split(',');
      return [oldTime('ymd-glued', f[0]!) + fiveHours, Number(f[1]), Number(f[2]), oldNum(f[3]!), Number.NaN];
    });
    expect(inPlace.rows).toEqual(want);
    const bad = `${last.slice(0, 8)}x${last.slice(9)}`;
    const at = (n: number, col: string) => `quote_tick_data.csv line ${n}, column ${col}`;
    expect(inPlace.problems.map((p) => [p.line, p.column, p.value, p.rule, p.message])).toEqual([
      [
        9501,
        'bid',
        '1.5',
        'crossed_quote',
        `${at(9501, 'bid')}: crossed quote: bid 1.5 is above ask 1.4 (value "1.5"); check the vendor data or pass --on-error skip to leave the row out`,
      ],
      [
        9502,
        'bid',
        '',
        'bad_number',
        `${at(9502, 'bid')}: not a number (value ""); fix the number or pass --on-error skip to leave the row out`,
      ],
      [
        9503,
        'bid',
        '-1.2',
        'non_positive_price',
        `${at(9503, 'bid')}: a price must be above zero (value "-1.2"); fix the price or pass --on-error skip to leave the row out`,
      ],
      [
        9504,
        'volume',
        '-1',
        'bad_number',
        `${at(9504, 'volume')}: a size must be a number of zero or more (value "-1"); fix the number or pass --on-error skip to leave the row out`,
      ],
      [
        9506,
        null,
        null,
        'missing_field',
        'quote_tick_data.csv line 9506: the row has 3 fields, the plan reads field 4; the row has fewer fields than the header; fix it or pass --on-error skip',
      ],
      [
        9508,
        'time',
        bad,
        'bad_timestamp',
        `${at(9508, 'time')}: not a time written as ymd-glued (value "${bad}"); fix the value or pass --on-error skip to leave the row out`,
      ],
    ]);
  });
});
