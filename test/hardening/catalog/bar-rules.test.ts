import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/app/create-core';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import { CatalogInfoSchema } from '../../../src-shared/contract';
import type { Bar } from '../../../src-shared/domain/bar';
import { MINUTE } from '../../../src-shared/domain/timeframe';
import { cli } from '../../main/catalog/cli-io';
import { minuteBars, T0, tempDirEach } from '../../main/catalog/helpers';

// Issue 11 and hardening item 7: the bar rules live once in src-shared/domain/bar.ts; catalog.write,
// `barcat write` and `barcat import` all refuse what they refuse, and bar times outside the allowed
// years (1900-2200 unless BARCAT_YEARS says otherwise) never reach the catalog.

const KEY = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;
const GOOD: Bar = { ts: T0, open: 10, high: 11, low: 9, close: 10.5, volume: 5 };
const Y3000 = Date.UTC(3000, 0, 1);

const dir = tempDirEach('barcat-hard-rules-');

describe('catalog.write enforces the bar rules for every writer', () => {
  const cases: [string, Partial<Bar>, string][] = [
    [
      'high below max(open, close)',
      { high: 10.2 },
      'column high: high 10.2 is below max(open 10, close 10.5) (rule high_below_max)',
    ],
    [
      'low above min(open, close)',
      { low: 10.1 },
      'column low: low 10.1 is above min(open 10, close 10.5) (rule low_above_min)',
    ],
    ['negative volume', { volume: -1 }, 'column volume: volume -1 is negative (rule negative_volume)'],
    [
      'infinite volume',
      { volume: Number.POSITIVE_INFINITY },
      'column volume: volume Infinity is not a finite number (rule not_finite)',
    ],
    ['NaN open', { open: Number.NaN }, 'column open: open NaN is not a finite number (rule not_finite)'],
    ['off the 1m grid', { ts: T0 + 1500 }, 'column ts: the bar time is not on the 1m grid (rule off_grid)'],
    [
      'year 3000',
      { ts: Y3000 },
      'column ts: time 3000-01-01T00:00:00.000Z is outside the allowed years 1900-2200 (set BARCAT_YEARS=FIRST-LAST to allow others) (rule ts_out_of_range)',
    ],
    [
      'year 1850',
      { ts: Date.UTC(1850, 0, 1) },
      'column ts: time 1850-01-01T00:00:00.000Z is outside the allowed years 1900-2200 (set BARCAT_YEARS=FIRST-LAST to allow others) (rule ts_out_of_range)',
    ],
  ];
  for (const [name, change, message] of cases) {
    it(`refuses ${name}, names row, ts, column and rule, and writes nothing`, async () => {
      const catalog = await openCatalog(dir(), { create: true });
      try {
        const bars = [GOOD, { ...GOOD, ts: T0 + MINUTE, ...change }];
        const err = await catalog.write(KEY, batchFromBars(bars), 'merge').catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'BAD_INPUT' });
        const ts = bars[1]!.ts;
        expect((err as Error).message).toBe(
          `bar 1 (ts ${new Date(ts).toISOString()}), ${message}; nothing was written, fix or leave out that bar`,
        );
        expect(await catalog.listSeries()).toEqual([]);
      } finally {
        await catalog.close();
      }
    });
  }

  it('BARCAT_YEARS widens the allowed years; a span over 400 years is refused', async () => {
    const catalog = await openCatalog(dir(), { create: true });
    try {
      const bars = [{ ...GOOD, ts: Date.UTC(2250, 0, 1) }];
      process.env.BARCAT_YEARS = '2000-2300';
      expect(await catalog.write(KEY, batchFromBars(bars), 'merge')).toMatchObject({ added: 1 });
      process.env.BARCAT_YEARS = '1700-2300';
      await expect(catalog.write(KEY, batchFromBars(bars), 'merge')).rejects.toThrow(
        'BARCAT_YEARS: years "1700-2300" span more than 400 years',
      );
    } finally {
      delete process.env.BARCAT_YEARS;
      await catalog.close();
    }
  });
});

describe('barcat write and barcat import refuse the same bars', () => {
  it('barcat write names the CSV line, column and rule, exits 2 and leaves no series', async () => {
    const cat = path.join(dir(), 'cat');
    const csv =
      'ts,open,high,low,close,volume\n2024-01-31T23:00:00Z,10,11,9,10.5,5\n2024-01-31T23:01:00Z,10,10.2,9,10.5,5\n';
    const r = await cli(
      ['write', 'BINANCE:BTCUSDT:1m', '--mode', 'merge', '-', '--create', '--catalog', cat],
      {
        stdin: csv,
      },
    );
    expect(r.stderr).toBe(
      'barcat: stdin line 3: bar 1 (ts 2024-01-31T23:01:00.000Z), column high: high 10.2 is below max(open 10, close 10.5) (rule high_below_max); nothing was written, fix or leave out that bar\n',
    );
    expect(r.code).toBe(2);
    expect(existsSync(path.join(cat, 'manifests', 'BINANCE~BTCUSDT~1m.json'))).toBe(false);
  });

  it('an import refuses rows in year 3000 and 9999 (ISO and epoch seconds) with the same rule', async () => {
    const file = path.join(dir(), 'far.csv');
    const rows = [
      '2024-01-01 00:00,1,2,0.5,1.5,10',
      '3000-01-01 00:00,1,2,0.5,1.5,10',
      '9999-06-01 00:00,1,2,0.5,1.5,10',
      `${Date.UTC(3000, 0, 2) / 1000},1,2,0.5,1.5,10`,
    ];
    writeFileSync(file, `time,open,high,low,close,volume\n${rows.join('\n')}\n`);
    const cat = path.join(dir(), 'cat');
    const r = await cli([
      'import',
      file,
      '--series',
      'BINANCE:FAR:1d',
      '--json',
      '--create',
      '--catalog',
      cat,
    ]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      files: { status: string; problems: { rule: string; line: number; message: string }[] }[];
    };
    expect(out.files[0]!.status).toBe('rejected');
    const far = out.files[0]!.problems.filter((p) => p.rule === 'ts_out_of_range');
    expect(far.map((p) => p.line).sort()).toEqual([3, 4, 5]);
    expect(far[0]!.message).toBe(
      `${file} line 3: time 3000-01-01T00:00:00.000Z is outside the allowed years 1900-2200 (set BARCAT_YEARS=FIRST-LAST to allow others) (value "3000-01-01T00:00:00.000Z"); fix the time (or set BARCAT_YEARS) or pass --on-error skip to leave the row out`,
    );
    const list = await cli(['list', '--catalog', cat]);
    expect(list).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('one bad series never breaks the listing', () => {
  it('a series with bars in year 3000 and an unreadable manifest are reported and skipped; the rest lists', async () => {
    const catalog = await openCatalog(dir(), { create: true });
    try {
      await catalog.write(KEY, batchFromBars(minuteBars(T0, 3)), 'merge');
      const far = { ...KEY, symbol: 'FAR' };
      await catalog.write(far, batchFromBars(minuteBars(T0, 3)), 'merge');
      // What an older Barcat let through: a partition reaching year 3000.
      const farFile = path.join(dir(), 'manifests', 'BINANCE~FAR~1m.json');
      const m = JSON.parse(readFileSync(farFile, 'utf8'));
      m.partitions[0].maxTs = Y3000;
      writeFileSync(farFile, JSON.stringify(m));
      writeFileSync(path.join(dir(), 'manifests', 'BINANCE~BAD~1m.json'), '{"format":');
      const listing = await catalog.seriesListing();
      expect(listing.series.map((s) => s.id)).toEqual(['BINANCE:BTCUSDT:1m']);
      expect(listing.broken.map(({ id, reason, first, last }) => ({ id, reason, first, last }))).toEqual([
        { id: 'BINANCE:BAD:1m', reason: 'unreadable_manifest', first: undefined, last: undefined },
        { id: 'BINANCE:FAR:1m', reason: 'out_of_range', first: T0, last: Y3000 },
      ]);
      const r = await cli(['list', '--catalog', dir()]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^SERIES .*\nBINANCE:BTCUSDT:1m /);
      expect(r.stderr).toBe(
        [
          `barcat: warning: BINANCE:BAD:1m left out: its manifest ${path.join(dir(), 'manifests', 'BINANCE~BAD~1m.json')} is unreadable; run "barcat rebuild"`,
          'barcat: warning: BINANCE:FAR:1m left out: bars outside the allowed years 1900-2200 (first 2024-01-31T23:00:00Z, last 3000-01-01T00:00:00Z); remove or rewrite those bars, or set BARCAT_YEARS',
          '',
        ].join('\n'),
      );
    } finally {
      await catalog.close();
    }
    // The app: the catalog opens, catalogInfo counts the good series and carries the broken ones.
    const core = await createCore({ catalogDir: dir(), dataDir: null, create: false });
    try {
      const info = await core.dispatch('catalogInfo', {});
      expect(info).toMatchObject({
        ok: true,
        value: {
          seriesCount: 1,
          empty: false,
          brokenSeries: [
            { id: 'BINANCE:BAD:1m', reason: 'unreadable_manifest' },
            { id: 'BINANCE:FAR:1m', reason: 'out_of_range', first: T0, last: Y3000 },
          ],
        },
      });
      expect(CatalogInfoSchema.safeParse((info as { value: unknown }).value).success).toBe(true);
    } finally {
      await core.close();
    }
  });
});
