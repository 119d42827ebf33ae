import { describe, expect, it } from 'vitest';
import { decodeFields, encodeMessage } from '../../../../src-main/engines/providers/ibkr/codec';
import { ibkrSymbols } from '../../../../src-main/engines/providers/ibkr/index';
import { parseSymbolSamples, reqMatchingSymbols } from '../../../../src-main/engines/providers/ibkr/messages';
import { AAPL_FOUND, virtualClock } from '../../../helpers/tws/data';
import { cliAt } from '../cli-io';
import { twsAndCatalog } from '../tws-and-catalog';

// Symbol search for Interactive Brokers: reqMatchingSymbols (81) answered by symbolSamples (79).
describe('ibkr symbol search messages', () => {
  it('reqMatchingSymbols is "81, reqId, pattern"; symbolSamples is read field by field at version 193', () => {
    expect(decodeFields(encodeMessage(reqMatchingSymbols(4, 'shel')).subarray(4))).toEqual([
      '81',
      '4',
      'shel',
    ]);
    const f = [
      '79',
      '4',
      '2',
      '1001',
      'SHEL',
      'STK',
      'NYSE',
      'USD',
      '2',
      'OPT',
      'WAR',
      'SHELL PLC-ADR',
      '',
    ].concat(['76792991', 'TSLA', 'STK', 'NASDAQ.NMS', 'USD', '0', 'TESLA INC', 'e123']);
    expect(parseSymbolSamples(f)).toEqual({
      reqId: 4,
      samples: [
        {
          conId: 1001,
          symbol: 'SHEL',
          secType: 'STK',
          primaryExch: 'NYSE',
          currency: 'USD',
          derivativeSecTypes: ['OPT', 'WAR'],
          description: 'SHELL PLC-ADR',
        },
        {
          conId: 76792991,
          symbol: 'TSLA',
          secType: 'STK',
          primaryExch: 'NASDAQ.NMS',
          currency: 'USD',
          derivativeSecTypes: [],
          description: 'TESLA INC',
        },
      ],
    });
  });
});

describe('barcat symbols --provider ibkr (against the TWS stand-in)', () => {
  const clock = virtualClock(Date.UTC(2024, 5, 3));
  const f = twsAndCatalog({ now: clock.now, bars: () => [], headTimestamp: 0 }, 5);

  it('lists the contracts TWS matched: symbol, description, secType, exchange, currency, conId', async () => {
    const r = await f.cli(Date.now(), ['symbols', '--provider', 'ibkr', 'SHEL']);
    expect(r.err).toBe('');
    expect(r.out).toBe(
      [
        'SYMBOL  NAME                       CLASS  EXCHANGE  CURRENCY  CONID  STATUS',
        'SHEL    SHELL PLC-ADR              STK    NYSE      USD       1001   trading',
        'SHEL    SHELL PLC-ADR WHEN ISSUED  STK    NYSE      USD       1002   trading',
        '',
      ].join('\n'),
    );
    expect(f.tws.requests.map((q) => q.fields)).toEqual([['81', '1', 'SHEL']]);
  });

  it('the positional form and --json give the same rows; a name matches too', async () => {
    const r = await f.cli(Date.now(), ['symbols', 'ibkr', 'apple', '--json']);
    expect(JSON.parse(r.out)).toEqual([AAPL_FOUND]);
  });

  it('no TWS: the refusal says to start it; two searches in a row are a second apart (IB allows one a second)', async () => {
    const r = await cliAt(Date.now(), ['symbols', 'ibkr', 'X', '--ib-port', '1', '--catalog', f.cat.dir]);
    expect([r.code, r.err]).toEqual([
      3,
      'barcat: Interactive Brokers: no TWS or IB Gateway answers at 127.0.0.1:1 (ECONNREFUSED); start TWS or IB Gateway and enable API connections on port 1 (Configure > API > Settings)\n',
    ]);
    const ctx = { clock, signal: new AbortController().signal };
    expect((await ibkrSymbols(f.tws.url(), 'IB', ctx)).map((s) => s.symbol)).toEqual(['IBM']);
    expect(await ibkrSymbols(f.tws.url(), 'ZZZ', ctx)).toEqual([]);
    const [a, b] = f.tws.requests.map((q) => q.at);
    expect(b! - a!).toBe(1_000);
  });
});
