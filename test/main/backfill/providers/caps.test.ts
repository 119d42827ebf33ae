// providerCaps derives what every provider would otherwise spell out: needsKey from keyEnv, the JSON
// response cap unless a provider sets its own, and the timeframes from its table of codes.
import { describe, expect, it } from 'vitest';
import { providerCaps } from '../../../../src-main/engines/providers/caps';
import { MAX_MESSAGE } from '../../../../src-main/engines/providers/ibkr/codec';
import { PROVIDER_CAPS } from '../../../../src-main/engines/providers/index';
import { ARCHIVE_RESPONSE_LIMIT, JSON_RESPONSE_LIMIT } from '../../../../src-main/engines/providers/limits';
import type { ProviderName } from '../../../../src-shared/domain/job';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';

const ALL = Object.values(PROVIDER_CAPS);

// Written out as they were before providerCaps (commit aa4ac10), so a slip in the derivation shows.
const EXPECTED: Record<ProviderName, [Timeframe[], string[], number]> = {
  'binance-spot': [
    ['1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '1w'],
    [],
    JSON_RESPONSE_LIMIT,
  ],
  'binance-futures': [
    ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '1w'],
    [],
    JSON_RESPONSE_LIMIT,
  ],
  'binance-archive': [
    ['1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '1w'],
    [],
    ARCHIVE_RESPONSE_LIMIT,
  ],
  alpaca: [
    ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '1w', '1M'],
    ['BARCAT_ALPACA_KEY_ID', 'BARCAT_ALPACA_SECRET'],
    JSON_RESPONSE_LIMIT,
  ],
  polygon: [
    ['1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '1w', '1M'],
    ['BARCAT_POLYGON_KEY'],
    JSON_RESPONSE_LIMIT,
  ],
  coinbase: [['1m', '5m', '15m', '1h', '6h', '1d'], [], JSON_RESPONSE_LIMIT],
  bybit: [['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '12h', '1d'], [], JSON_RESPONSE_LIMIT],
  okx: [['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '12h', '1d'], [], JSON_RESPONSE_LIMIT],
  kraken: [['1m', '5m', '15m', '30m', '1h', '4h', '1d'], [], JSON_RESPONSE_LIMIT],
  yahoo: [['1m', '5m', '15m', '1d'], [], JSON_RESPONSE_LIMIT],
  tiingo: [['1m', '5m', '15m', '30m', '1d'], ['BARCAT_TIINGO_KEY'], JSON_RESPONSE_LIMIT],
  ibkr: [['1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '8h', '1d'], [], MAX_MESSAGE],
};

describe('PROVIDER_CAPS through providerCaps', () => {
  it('covers the 12 providers', () => {
    expect(ALL).toHaveLength(12);
  });

  it('the keyed providers are alpaca, polygon and tiingo', () => {
    expect(ALL.filter((c) => c.needsKey).map((c) => c.name)).toEqual(['alpaca', 'polygon', 'tiingo']);
  });

  it.each(Object.entries(EXPECTED))('%s: timeframes, key variables and response cap', (name, expected) => {
    const caps = PROVIDER_CAPS[name as ProviderName];
    expect([caps.timeframes, caps.keyEnv, caps.maxResponseBytes]).toEqual(expected);
  });
});

describe('providerCaps', () => {
  const own = {
    name: 'yahoo',
    label: 'L',
    maxRowsPerRequest: 10,
    historyFrom: 0,
    rateLimit: { perMinute: 60 },
    defaultBaseUrl: 'http://x',
  } as const;

  it('takes a list of timeframes as it is, and a code table by its keys', () => {
    expect(providerCaps(['1m', '1d'], own).timeframes).toEqual(['1m', '1d']);
    expect(providerCaps({ '5m': 'five', '1h': 60 }, own).timeframes).toEqual(['5m', '1h']);
  });

  it('without keyEnv or a response cap: no key, the JSON limit', () => {
    expect(providerCaps(['1m'], own)).toEqual({
      ...own,
      timeframes: ['1m'],
      needsKey: false,
      keyEnv: [],
      maxResponseBytes: JSON_RESPONSE_LIMIT,
    });
  });

  it('with them: a key is needed, the own cap kept', () => {
    const caps = providerCaps(['1m'], { ...own, keyEnv: ['K'], maxResponseBytes: 5 });
    expect([caps.needsKey, caps.keyEnv, caps.maxResponseBytes]).toEqual([true, ['K'], 5]);
  });
});
