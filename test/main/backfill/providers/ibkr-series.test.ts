import { describe, expect, it } from 'vitest';
import { parseIbUrl } from '../../../../src-main/engines/providers/ibkr/index';
import { parseSeriesId } from '../../../../src-shared/domain/series';
import { SHEL_B, sessionBars } from '../../../helpers/tws/data';
import { cliAt } from '../cli-io';
import { catalogRows, ohlcv } from '../helpers';
import { twsAndCatalog } from '../tws-and-catalog';

// What IB is asked for is the series' own setting (stored with it, sent with each job), not the address's.
const DAY = 86_400_000;
const now = Date.UTC(2024, 5, 1, 12);
const FROM = Date.UTC(2024, 4, 29);
const TO = Date.UTC(2024, 4, 31);

describe('Interactive Brokers series settings (whatToShow, useRTH, conId)', () => {
  const f = twsAndCatalog({ now: () => Date.now(), headTimestamp: Date.UTC(2024, 4, 29, 13, 30) }, 9);
  /** `barcat add ibkr:SHEL` of daily bars from 2024-05-29. */
  const addShel = () => ['add', 'ibkr:SHEL', '--timeframe', '1d', '--from', '2024-05-29'];
  /** Each data request's conId, bar size, useRTH and whatToShow (87: head timestamp, 20: bars). */
  const asked = () =>
    f.tws
      .dataRequests()
      .map((r) =>
        r.msgId === 87
          ? ['87', r.fields[2], r.fields[15], r.fields[16]]
          : ['20', r.fields[2], r.fields[16], r.fields[18], r.fields[19]],
      );

  it('the address no longer carries them: conId, whatToShow or useRTH in the base URL is refused with where to set it', () => {
    expect(() => parseIbUrl('tws://127.0.0.1:7497?clientId=1&whatToShow=BID')).toThrow(
      `Interactive Brokers address "tws://127.0.0.1:7497?clientId=1&whatToShow=BID": whatToShow is a setting of each series now, not of the address; remove it and set it in the series' details (CLI: --what-to-show)`,
    );
    expect(() => parseIbUrl('tws://h:1?conId=5')).toThrow('conId is a setting of each series now');
    expect(() => parseIbUrl('tws://h:1?useRTH=0')).toThrow('(CLI: --rth)');
    expect(parseIbUrl('tws://10.0.0.2:4002?clientId=3')).toEqual({
      host: '10.0.0.2',
      port: 4002,
      clientId: 3,
    });
  });

  it('add --what-to-show BID --rth no --con-id 1002: stored with the series, and exactly these reach TWS; a later backfill asks the same', async () => {
    const r = await f.cli(now, [
      ...addShel(),
      '--to',
      '2024-05-31',
      '--what-to-show',
      'bid',
      '--rth',
      'no',
      '--con-id',
      '1002',
    ]);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^job bf-\S+ done: NYSE:SHEL:1d from ibkr/);
    // The contract asked by its conId alone (for the row, then for the series on its venue), then the
    // bars of that contract, BID, extended hours.
    expect(f.tws.requests.filter((q) => q.msgId === 9).map((q) => q.fields.slice(3, 6))).toEqual([
      ['1002', '', ''],
      ['1002', '', ''],
    ]);
    expect(asked()).toEqual([['20', '1002', '1 day', '0', 'BID']]);
    const a = await f.cat.catalog.availability(parseSeriesId('NYSE:SHEL:1d'));
    expect({ provider: a.provider, ibkr: a.ibkr }).toEqual({
      provider: 'ibkr',
      ibkr: { whatToShow: 'BID', useRth: false, conId: 1002, secType: 'STK' },
    });
    expect(await catalogRows(f.cat.catalog, parseSeriesId('NYSE:SHEL:1d'))).toEqual(
      ohlcv(sessionBars(SHEL_B.conId, DAY, FROM, TO, false)),
    );

    // No flags: the series' stored settings are what the job sends.
    const again = await f.cli(now + 60_000, [
      'backfill',
      'NYSE:SHEL:1d',
      '--from',
      '2024-05-31',
      '--to',
      '2024-06-01',
    ]);
    expect(again.err).toBe('');
    expect(asked().at(-1)).toEqual(['20', '1002', '1 day', '0', 'BID']);
    // A flag on backfill changes the series' setting for this job and the next.
    await f.cli(now + 120_000, [
      'backfill',
      'NYSE:SHEL:1d',
      '--from',
      '2024-05-28',
      '--to',
      '2024-05-29',
      '--what-to-show',
      'MIDPOINT',
    ]);
    expect(asked().at(-1)).toEqual(['20', '1002', '1 day', '0', 'MIDPOINT']);
    expect((await f.cat.catalog.availability(parseSeriesId('NYSE:SHEL:1d'))).ibkr).toEqual({
      whatToShow: 'MIDPOINT',
      useRth: false,
      conId: 1002,
      secType: 'STK',
    });
    // update (as schedules run it) sends the series' settings too.
    const sent = asked().length;
    const update = await f.cli(now + 180_000, ['update', 'NYSE:SHEL:1d', '--extend-to', '2024-05-24']);
    expect(update.err).toBe('');
    expect(asked().slice(sent)).toEqual([['20', '1002', '1 day', '0', 'MIDPOINT']]);
    expect(f.tws.violations).toEqual([]);
  });

  it('bad flags name the flag and what it takes; IB flags with another provider are refused', async () => {
    const add = (...flags: string[]) =>
      cliAt(now, [
        'add',
        'ibkr:AAPL',
        '--timeframe',
        '1d',
        '--from',
        '2024-05-29',
        ...flags,
        '--catalog',
        f.cat.dir,
      ]);
    expect((await add('--what-to-show', 'BID_ASK')).err).toBe(
      'barcat: --what-to-show: Invalid option: expected one of "TRADES"|"MIDPOINT"|"BID"|"ASK"|"ADJUSTED_LAST" (one of TRADES, MIDPOINT, BID, ASK, ADJUSTED_LAST)\n',
    );
    expect((await add('--rth', 'maybe')).err).toBe(
      'barcat: --rth "maybe" must be yes (regular trading hours only) or no\n',
    );
    expect((await add('--con-id', '4x')).err).toBe(
      `barcat: --con-id "4x" must be the contract's conId, a whole number\n`,
    );
    expect((await add('--sec-type', 'FUT')).err).toBe(
      'barcat: --expiry: a FUT series needs its expiry (YYYYMM)\n',
    );
    const other = await cliAt(now, [
      'add',
      'binance-spot:BTCUSDT',
      '--timeframe',
      '1d',
      '--from',
      '2024-05-29',
      '--rth',
      'no',
      '--catalog',
      f.cat.dir,
    ]);
    expect([other.code, other.err]).toEqual([
      2,
      'barcat: --rth is an Interactive Brokers setting; it goes with provider ibkr\n',
    ]);
    expect(f.tws.requests).toEqual([]);
  });

  it('add ibkr:SHEL with two contracts fails listing them and asks for --con-id; nothing is created', async () => {
    const r = await f.cli(now, addShel());
    expect([r.code, r.out, r.err]).toEqual([
      3,
      '',
      'barcat: Interactive Brokers has 2 contracts for SHEL: conId 1001 SHEL STK on SMART (primary NYSE) in USD, SHELL PLC-ADR; conId 1002 SHEL STK on SMART (primary NYSE) in USD, SHELL PLC-ADR WHEN ISSUED. Choose one for the series: in its details (Contract), or with --con-id ID\n',
    ]);
    expect(await f.cat.catalog.listSeries()).toEqual([]);
    expect(f.tws.dataRequests()).toEqual([]);
  });
});
