// providerCaps derives what every provider would otherwise spell out: needsKey from keyEnv, the JSON
// response cap unless a provider sets its own, and the timeframes from its table of codes.
import { describe, expect, it } from 'vitest';
import { ALPACA_TIMEFRAMES } from '../../../../src-main/engines/providers/alpaca/index';
import { INTERVAL as BYBIT_INTERVAL } from '../../../../src-main/engines/providers/bybit/index';
import { providerCaps } from '../../../../src-main/engines/providers/caps';
import { GRANULARITY } from '../../../../src-main/engines/providers/coinbase/index';
import { MAX_MESSAGE } from '../../../../src-main/engines/providers/ibkr/codec';
import { BAR_SIZES } from '../../../../src-main/engines/providers/ibkr/historical';
import { PROVIDER_CAPS } from '../../../../src-main/engines/providers/index';
import { INTERVAL as KRAKEN_INTERVAL } from '../../../../src-main/engines/providers/kraken/index';
import { ARCHIVE_RESPONSE_LIMIT, JSON_RESPONSE_LIMIT } from '../../../../src-main/engines/providers/limits';
import { BAR } from '../../../../src-main/engines/providers/okx/index';
import { POLYGON_TIMEFRAMES } from '../../../../src-main/engines/providers/polygon/index';
import { TIMEFRAMES as TIINGO_TIMEFRAMES } from '../../../../src-main/engines/providers/tiingo/index';
import { INTERVAL as YAHOO_INTERVAL } from '../../../../src-main/engines/providers/yahoo/index';

const ALL = Object.values(PROVIDER_CAPS);

// The providers whose answers are not one JSON body: archive zips and TWS messages.
const OWN_RESPONSE_CAP: Record<string, number> = {
  'binance-archive': ARCHIVE_RESPONSE_LIMIT,
  ibkr: MAX_MESSAGE,
};

// Binance's three have no table: klines spell every timeframe alike (they pass the list).
const CODE_TABLES: [keyof typeof PROVIDER_CAPS, object][] = [
  ['alpaca', ALPACA_TIMEFRAMES],
  ['polygon', POLYGON_TIMEFRAMES],
  ['coinbase', GRANULARITY],
  ['bybit', BYBIT_INTERVAL],
  ['okx', BAR],
  ['kraken', KRAKEN_INTERVAL],
  ['yahoo', YAHOO_INTERVAL],
  ['tiingo', TIINGO_TIMEFRAMES],
  ['ibkr', BAR_SIZES],
];

describe('PROVIDER_CAPS through providerCaps', () => {
  it('covers the 12 providers', () => {
    expect(ALL).toHaveLength(12);
  });

  it.each(ALL)('$name needs a key exactly when it names where the CLI reads one', (caps) => {
    expect(caps.needsKey).toBe(caps.keyEnv.length > 0);
  });

  it('the keyed providers are alpaca, polygon and tiingo', () => {
    expect(ALL.filter((c) => c.needsKey).map((c) => c.name)).toEqual(['alpaca', 'polygon', 'tiingo']);
  });

  it.each(ALL)('$name caps an answer at the JSON limit unless it sets its own', (caps) => {
    expect(caps.maxResponseBytes).toBe(OWN_RESPONSE_CAP[caps.name] ?? JSON_RESPONSE_LIMIT);
  });

  it.each(CODE_TABLES)('%s serves exactly the timeframes it has a code for', (name, table) => {
    expect(PROVIDER_CAPS[name].timeframes).toEqual(Object.keys(table));
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
