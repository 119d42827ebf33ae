import { describe, expect, it } from 'vitest';
import { mapByName } from '../../../../src-main/engines/import/parse/columns';
import { splitFields } from '../../../../src-main/engines/import/parse/fields';
import { detectDecimalComma, parseNumber } from '../../../../src-main/engines/import/parse/numbers';
import {
  detectDateOrder,
  newParsedTime,
  parseTimestamp,
} from '../../../../src-main/engines/import/parse/timestamp';
import { ZoneConverter } from '../../../../src-main/engines/import/parse/zone';
import {
  compileNamePattern,
  factsFromFileName,
  factsFromPattern,
} from '../../../../src-main/engines/import/read/file-name';
import type { DateOrder } from '../../../../src-shared/domain/import';

function ts(s: string, order: DateOrder = 'DMY'): { iso: string; offset: number } | null {
  const out = newParsedTime();
  if (!parseTimestamp(s, order, out)) return null;
  const utc = Number.isNaN(out.offsetMin) ? out.civil : out.civil - out.offsetMin * 60_000;
  return { iso: new Date(utc).toISOString(), offset: out.offsetMin };
}

describe('timestamps', () => {
  it.each([
    ['2024-01-21T23:00:00+09:00', '2024-01-21T14:00:00.000Z'],
    ['2024-01-21 23:00:00Z', '2024-01-21T23:00:00.000Z'],
    ['2024-01-21', '2024-01-21T00:00:00.000Z'],
    ['2013.08.15 18:00', '2013-08-15T18:00:00.000Z'],
    ['20110103 090100', '2011-01-03T09:01:00.000Z'],
    ['20150105 10:00:00', '2015-01-05T10:00:00.000Z'],
    ['20200101 170000065', '2020-01-01T17:00:00.065Z'],
    ['14.03.2019 00:01:00.000', '2019-03-14T00:01:00.000Z'],
    ['31-Dec-10', '2010-12-31T00:00:00.000Z'],
    ['Jun 19, 2021', '2021-06-19T00:00:00.000Z'],
    ['2019-10-17 12-AM', '2019-10-17T00:00:00.000Z'],
    ['2019-10-17 09-PM', '2019-10-17T21:00:00.000Z'],
    ['2018/12/26', '2018-12-26T00:00:00.000Z'],
    ['1730419200', '2024-11-01T00:00:00.000Z'],
    ['1730419200000', '2024-11-01T00:00:00.000Z'],
    ['1735689600000000', '2025-01-01T00:00:00.000Z'],
    ['1735689600000000000', '2025-01-01T00:00:00.000Z'],
    ['2021-03-04 10:00 -0500', '2021-03-04T15:00:00.000Z'],
  ])('%s -> %s', (input, iso) => {
    expect(ts(input)?.iso).toBe(iso);
  });

  it('reads numeric dates day-first or month-first as told', () => {
    expect(ts('03/04/2021', 'DMY')?.iso).toBe('2021-04-03T00:00:00.000Z');
    expect(ts('03/04/2021', 'MDY')?.iso).toBe('2021-03-04T00:00:00.000Z');
  });

  it.each(['16:00', '', 'null', '2021-02-30', '2021-13-01', 'yesterday', '99999999'])(
    'refuses %j',
    (input) => {
      expect(ts(input)).toBeNull();
    },
  );

  it('decides the date order from the data and flags it when every day is 12 or less', () => {
    expect(detectDateOrder(['01/02/2020', '13/02/2020'])).toMatchObject({ order: 'DMY', ambiguous: false });
    expect(detectDateOrder(['01/02/2020', '02/13/2020'])).toMatchObject({ order: 'MDY', ambiguous: false });
    expect(detectDateOrder(['01/02/2020', '02/03/2020'])).toMatchObject({ ambiguous: true });
    expect(detectDateOrder(['2020-01-02'])).toMatchObject({ ambiguous: false, relevant: false });
  });
});

describe('time zones', () => {
  it('converts naive New York times to UTC across both DST changes', () => {
    const z = new ZoneConverter('America/New_York');
    const civil = (s: string) => Date.parse(`${s}Z`);
    expect(new Date(z.toUtc(civil('2024-03-09T12:00:00'))).toISOString()).toBe('2024-03-09T17:00:00.000Z');
    expect(new Date(z.toUtc(civil('2024-03-11T12:00:00'))).toISOString()).toBe('2024-03-11T16:00:00.000Z');
    expect(new Date(z.toUtc(civil('2024-11-04T12:00:00'))).toISOString()).toBe('2024-11-04T17:00:00.000Z');
    // 01:30 on the fall-back day happens twice: the first (EDT) wins.
    expect(new Date(z.toUtc(civil('2024-11-03T01:30:00'))).toISOString()).toBe('2024-11-03T05:30:00.000Z');
  });

  it('handles fixed and half-hour zones and refuses unknown names', () => {
    expect(new ZoneConverter('Etc/GMT+5').toUtc(Date.parse('2017-03-01T00:00:00Z'))).toBe(
      Date.parse('2017-03-01T05:00:00Z'),
    );
    expect(new ZoneConverter('Asia/Kolkata').toUtc(Date.parse('2020-01-01T05:30:00Z'))).toBe(
      Date.parse('2020-01-01T00:00:00Z'),
    );
    expect(() => new ZoneConverter('Mars/Olympus')).toThrow(/not a known IANA zone/);
  });
});

describe('numbers and fields', () => {
  it.each([
    ['70292.01000000', false, 70292.01],
    ['-1.5', false, -1.5],
    ['35,755.8', false, 35755.8],
    ['15,95', true, 15.95],
    ['1.234,5', true, 1234.5],
    ['105.76K', false, 105760],
    ['160,18M', true, 160180000],
    ['1e3', false, 1000],
    ['0.1', false, 0.1],
  ])('%s (decimal comma %s) -> %s', (raw, decimalComma, value) => {
    expect(parseNumber(raw, { decimalComma })).toBe(value);
  });

  it.each(['abc', '1.2.3', '', '-', '12%'])('%j is not a number', (raw) => {
    expect(parseNumber(raw, { decimalComma: false })).toBeNaN();
  });

  it('parses plain decimals to the same double as Number()', () => {
    for (const s of ['0.10215', '126.35', '1.05529', '12202.150391', '0.000001', '99999.99999']) {
      expect(parseNumber(s, { decimalComma: false })).toBe(Number(s));
    }
  });

  it('detects decimal commas from sample prices', () => {
    expect(detectDecimalComma(['15,95', '16,69'])).toBe(true);
    expect(detectDecimalComma(['35,755.8', '1.5'])).toBe(false);
  });

  it('splits quoted fields holding delimiters and doubled quotes', () => {
    expect(splitFields('"Jun 19, 2021","35,755.8",x', ',')).toEqual(['Jun 19, 2021', '35,755.8', 'x']);
    expect(splitFields('"a""b",,', ',')).toEqual(['a"b', '', '']);
    expect(splitFields('a;b;c', ';')).toEqual(['a', 'b', 'c']);
  });
});

describe('column names and file names', () => {
  it('keeps Adj Close apart from Close and maps foreign names', () => {
    expect(mapByName(['Date', 'Open', 'High', 'Low', 'Close', 'Adj Close', 'Volume']).mapping).toEqual({
      ts: 0,
      open: 1,
      high: 2,
      low: 3,
      close: 4,
      volume: 6,
    });
    expect(
      mapByName(['Data', 'Otwarcie', 'Najwyzszy', 'Najnizszy', 'Zamkniecie', 'Wolumen']).mapping,
    ).toMatchObject({
      ts: 0,
      open: 1,
      high: 2,
      low: 3,
      close: 4,
      volume: 5,
    });
    expect(
      mapByName([
        '<DATE>',
        '<TIME>',
        '<OPEN>',
        '<HIGH>',
        '<LOW>',
        '<CLOSE>',
        '<TICKVOL>',
        '<VOL>',
        '<SPREAD>',
      ]).mapping,
    ).toEqual({
      date: 0,
      time: 1,
      open: 2,
      high: 3,
      low: 4,
      close: 5,
      volume: 6,
    });
    expect(mapByName(['o', 'h', 'l', 'c', 'timestamp']).mapping).toEqual({
      open: 0,
      high: 1,
      low: 2,
      close: 3,
      ts: 4,
    });
  });

  it('reads series facts from vendor file names', () => {
    expect(factsFromFileName('BTCUSDT-1m-2024-03.csv')).toEqual({
      symbol: 'BTCUSDT',
      timeframe: '1m',
      year: 2024,
      month: 3,
    });
    expect(factsFromFileName('EURUSD_M1_2019.csv')).toEqual({
      symbol: 'EURUSD',
      timeframe: '1m',
      year: 2019,
    });
    expect(factsFromFileName('BINANCE_BTCUSDT, 60.csv')).toEqual({
      venue: 'BINANCE',
      symbol: 'BTCUSDT',
      timeframe: '1h',
    });
    expect(factsFromFileName('EURUSD60.csv')).toEqual({ symbol: 'EURUSD', timeframe: '1h' });
    expect(factsFromFileName('DAT_ASCII_EURUSD_M1_201703_1_10.csv')).toEqual({
      symbol: 'EURUSD',
      timeframe: '1m',
      year: 2017,
      month: 3,
    });
    expect(
      factsFromPattern(
        'X_ETHUSDT_5m_extra_2021_07_z.csv',
        compileNamePattern('X_{SYMBOL}_{TF}_*_{YEAR}_{MONTH}_*'),
      ),
    ).toEqual({
      symbol: 'ETHUSDT',
      venue: undefined,
      timeframe: '5m',
      year: 2021,
      month: 7,
    });
  });
});
