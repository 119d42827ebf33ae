import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog, tableToBars } from '../../../src-main/engines/catalog/index';
import { runImport } from '../../../src-main/engines/import/index';
import type { Bar } from '../../../src-shared/domain/bar';
import type { PresetName } from '../../../src-shared/domain/import';
import { DAY, MINUTE } from '../../../src-shared/domain/timeframe';
import { cli } from '../catalog/cli-io';
import { fileTempDir } from '../catalog/helpers';

const tmp = fileTempDir('barcat-export-');

/** Five-decimal FX-like prices and whole volumes, n bars `step` apart from `start`. */
function bars(start: number, n: number, step: number): Bar[] {
  return Array.from({ length: n }, (_, k) => {
    const p = 108_123 + 7 * k - (k % 11) * 13;
    const price = (d: number) => (p + d) / 100_000;
    return {
      ts: start + k * step,
      open: price(0),
      high: price(41),
      low: price(-29),
      close: price(12),
      volume: 10 + k,
    };
  });
}

// Across New York's spring-forward (2024-03-10 02:00 -> 03:00) and a UTC midnight.
const MINUTES = bars(Date.UTC(2024, 2, 10, 5, 30), 300, MINUTE);
const DAYS = bars(Date.UTC(2024, 1, 20), 40, DAY);

beforeAll(async () => {
  const catalog = await openCatalog(tmp.catalogDir);
  await catalog.write(
    { venue: 'BINANCE', symbol: 'EURUSD', timeframe: '1m' },
    batchFromBars(MINUTES),
    'merge',
  );
  await catalog.write({ venue: 'BINANCE', symbol: 'EURUSD', timeframe: '1d' }, batchFromBars(DAYS), 'merge');
  await catalog.close();
});

// The importer knows no column named "ts" (Barcat's own header), so csv is imported with its mapping.
const CANONICAL = { ts: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 };
const CSV_HEAD = 'ts,open,high,low,close,volume';
const V = ['1.08123', '1.08164', '1.08094', '1.08135', '10'];
const row = (time: string, d = ',') => [time, ...V].join(d);

/** Each case pins the file's first lines (intraday bar 2024-03-10T05:30Z, daily bar 2024-02-20). */
const CASES: {
  format: string;
  preset?: PresetName;
  tz?: string;
  mapping?: typeof CANONICAL;
  head: { '1m': string[]; '1d': string[] };
}[] = [
  {
    format: 'csv',
    mapping: CANONICAL,
    head: {
      '1m': [CSV_HEAD, row('2024-03-10T05:30:00.000Z')],
      '1d': [CSV_HEAD, row('2024-02-20T00:00:00.000Z')],
    },
  },
  {
    format: 'csv',
    tz: 'Asia/Kolkata',
    mapping: CANONICAL,
    head: {
      '1m': [CSV_HEAD, row('2024-03-10T11:00:00.000+05:30')],
      '1d': [CSV_HEAD, row('2024-02-20T00:00:00.000Z')],
    },
  },
  {
    format: 'metatrader',
    preset: 'metatrader4',
    head: { '1m': [row('2024.03.10,05:30')], '1d': [row('2024.02.20,00:00')] },
  },
  {
    format: 'metatrader',
    preset: 'metatrader4',
    tz: 'Europe/Athens',
    head: { '1m': [row('2024.03.10,07:30')], '1d': [row('2024.02.20,00:00')] },
  },
  // End-stamped: the 05:30 minute bar reads 05:31.
  {
    format: 'ninjatrader',
    preset: 'ninjatrader',
    head: { '1m': [row('20240310 053100', ';')], '1d': [row('20240220', ';')] },
  },
  {
    format: 'ninjatrader',
    preset: 'ninjatrader',
    tz: 'America/New_York',
    head: { '1m': [row('20240310 003100', ';')], '1d': [row('20240220', ';')] },
  },
  {
    format: 'tradingview',
    preset: 'tradingview',
    tz: 'America/New_York',
    head: {
      '1m': ['time,open,high,low,close,Volume', row('2024-03-10T00:30:00-05:00')],
      '1d': ['time,open,high,low,close,Volume', row('2024-02-20T00:00:00Z')],
    },
  },
  {
    format: 'amibroker',
    head: {
      '1m': ['Date,Time,Open,High,Low,Close,Volume', row('2024-03-10,05:30:00')],
      '1d': ['Date,Open,High,Low,Close,Volume', row('2024-02-20')],
    },
  },
  {
    format: 'amibroker',
    tz: 'America/New_York',
    head: {
      '1m': ['Date,Time,Open,High,Low,Close,Volume', row('2024-03-10,00:30:00')],
      '1d': ['Date,Open,High,Low,Close,Volume', row('2024-02-20')],
    },
  },
];

describe('every text format imports back through Barcat to identical bars', () => {
  let n = 0;
  for (const c of CASES)
    for (const [tf, source] of [
      ['1m', MINUTES],
      ['1d', DAYS],
    ] as const)
      it(`${c.format}${c.tz ? ` --tz ${c.tz}` : ''}, ${tf} bars`, async () => {
        const out = path.join(tmp.dir, `out-${++n}.txt`);
        const tzArgs = c.tz ? ['--tz', c.tz] : [];
        const r = await cli([
          'export',
          `BINANCE:EURUSD:${tf}`,
          '--format',
          c.format,
          ...tzArgs,
          '--out',
          out,
          '--catalog',
          tmp.catalogDir,
        ]);
        expect(r.stderr).toBe('');
        expect(r.stdout).toBe(`BINANCE:EURUSD:${tf}: ${source.length} bars -> ${out}\n`);
        const head = readFileSync(out, 'utf8').split(/\r?\n/).slice(0, c.head[tf].length);
        expect(head).toEqual(c.head[tf]);
        const catalog = await openCatalog(tmp.catalogDir);
        try {
          const symbol = `RT${n}`;
          const summary = await runImport(
            catalog,
            {
              paths: [out],
              overrides: {
                ...(c.preset ? { preset: c.preset } : {}),
                ...(c.mapping ? { mapping: c.mapping, hasHeader: true } : {}),
                ...(c.tz && c.format !== 'csv' && c.format !== 'tradingview' ? { tz: c.tz } : {}),
                venue: 'BINANCE',
                symbol,
                timeframe: tf,
              },
            },
            { workers: false },
          );
          expect(summary.files.map((f) => [f.status, f.rowsWritten, f.problems, f.message])).toEqual([
            ['imported', source.length, [], null],
          ]);
          const back = await catalog.query({ venue: 'BINANCE', symbol, timeframe: tf }, undefined);
          expect(tableToBars(back)).toEqual(source);
        } finally {
          await catalog.close();
        }
      });
});
