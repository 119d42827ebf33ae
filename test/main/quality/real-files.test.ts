import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../../src-main/engines/import/index';
import { refreshQuality } from '../../../src-main/engines/quality/index';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { catalogAll } from '../catalog/helpers';
import { expectedFiles, REAL_DIR } from '../import/real-files';

/**
 * Real vendor files imported by the production import engine under venues whose default calendar
 * fits them, then checked with the default settings. Every finding is a true defect or a real market
 * event the check cannot tell from one; each is justified beside it (and in docs/quality.md).
 */
const CASES: {
  file: string;
  venue: string;
  calendar?: string;
  findings: [string, string, string | null][];
}[] = [
  {
    file: 'yahoo/orcl-1995-2014.txt',
    venue: 'NYSE',
    // Split-adjusted prices, so no split shows; three overnight news gaps beyond 25 % do, and a
    // possible corporate action is what they look like: 1997-12-09 (-29 %, revenue warning),
    // 1999-06-16 (a +30 % overnight gap), 2001-03-02 (-24 %, profit warning).
    findings: [
      ['corporate_action', '1997-12-08', null],
      ['corporate_action', '1999-06-15', null],
      ['corporate_action', '2001-03-01', null],
    ],
  },
  {
    file: 'stooq/aapl.us.txt',
    venue: 'NYSE',
    findings: [
      // 2000-09-29: Apple opened 52 % down on a profit warning (the data are split-adjusted).
      ['corporate_action', '2000-09-28', null],
      // 2010-05-06: the flash crash, a real low that came back the next day.
      ['spike', '2010-05-06', 'low'],
    ],
  },
  {
    file: 'stooq-pl/tsla_us_d.csv',
    venue: 'NASDAQ',
    findings: [
      // Line 2 has no volume field: stored as NaN, which the impossible-values check names.
      ['impossible', '2010-06-28', 'nan'],
      // A vendor error: a low of 0.535 (8.03 before the 15:1 split adjustment) between lows of 1.93 and 2.10.
      ['spike', '2010-11-19', 'low'],
    ],
  },
  // Pre- and post-market minutes: clean under the extended-hours calendar (under xnys they would be
  // bars outside sessions).
  { file: 'ninjatrader/nt-spy-minute-2011.csv', venue: 'NYSE', calendar: 'xnys-ext', findings: [] },
  { file: 'binance-kline/BTCUSDT-1h-2025-01.csv', venue: 'BINANCE', findings: [] },
  {
    file: 'tradingview/BINANCE_BTCUSDT, 60.csv',
    venue: 'BINANCE',
    // 2024-03-05 19:00: BTC fell from its all-time high to 59,005 and recovered within two hours, a
    // real wick as large as a bad print would be.
    findings: [['spike', '2024-03-05T19:00', 'low']],
  },
  { file: 'histdata/DAT_ASCII_EURUSD_M1_201703_1_10.csv', venue: 'FX', findings: [] },
  { file: 'dukascopy/test.csv', venue: 'FX', findings: [] },
  {
    file: 'metatrader4/EURUSD60.csv',
    venue: 'FX',
    // Broker server time imported as UTC: a Saturday bar, then (after the broker moved to UTC+2 on
    // 2013-11-11) the Friday 22:00 and 23:00 bars fall after the FX week's close, as SOURCES.md says.
    findings: [
      ['out_of_session', '2013-10-26T21:00', null],
      ['out_of_session', '2013-11-15T22:00', null],
      ['out_of_session', '2013-11-22T22:00', null],
      ['out_of_session', '2013-11-29T22:00', null],
      ['out_of_session', '2013-12-06T22:00', null],
      ['out_of_session', '2013-12-13T22:00', null],
    ],
  },
];

function short(t: number): string {
  const s = new Date(t).toISOString();
  return s.endsWith('T00:00:00.000Z') ? s.slice(0, 10) : s.slice(0, 16);
}

describe('quality checks on real vendor files', () => {
  const catalog = catalogAll('barcat-quality-real-');

  it.each(CASES.map((c, i) => [c.file, c, i] as const))('%s', async (_name, c, i) => {
    const e = expectedFiles().find((x) => x.file === c.file)!;
    const summary = await runImport(catalog(), {
      paths: [path.join(REAL_DIR, c.file)],
      overrides: { tz: e.tz ?? undefined, endStamped: e.endStamped, venue: c.venue, symbol: `Q${i}` },
      onError: 'skip',
    });
    const id = summary.files[0]?.series;
    expect(summary.files[0]?.status, summary.files[0]?.message ?? '').toBe('imported');
    const key = parseSeriesId(id!);
    if (c.calendar) await catalog().setCalendar(key, c.calendar);
    const report = await refreshQuality(catalog(), key);
    expect(report.findings.map((f) => [f.check, short(f.from), f.field ?? null])).toEqual(c.findings);
  });
});
