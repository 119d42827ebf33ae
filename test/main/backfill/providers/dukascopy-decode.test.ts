import { compressSync } from '@napi-rs/lzma/lzma';
import { describe, expect, it } from 'vitest';
import { decodeBi5 } from '../../../../src-main/engines/providers/dukascopy/bi5';
import { dukascopySource, hourUrl } from '../../../../src-main/engines/providers/dukascopy/index';
import { decodeJsonTicks } from '../../../../src-main/engines/providers/dukascopy/json-ticks';
import { encodeBi5 } from '../../../helpers/provider-server/vendors/dukascopy';

const HOUR = Date.UTC(2019, 1, 4, 8); // the reference's fixture hour, EURUSD 2019-02-04 08:00 UTC

describe('Dukascopy hour files', () => {
  it('reads the reference fixture row (71, 114427, 114425, 3.5, 1.0) as 08:00:00.071, ask 1.14427, bid 1.14425', () => {
    const file = encodeBi5(
      [{ ts: HOUR + 71, ask: 1.14427, bid: 1.14425, askVolume: 3.5, bidVolume: 1 }],
      HOUR,
      100_000,
    );
    expect(Array.from(file.subarray(0, 13))).toEqual([0x5d, 0, 0, 0x80, 0, 20, 0, 0, 0, 0, 0, 0, 0]);
    const t = decodeBi5(file, HOUR, 100_000, 'EURUSD 08h');
    expect([t.ts[0], t.ask[0], t.bid[0], t.askSize![0], t.bidSize![0], t.length]).toEqual([
      (HOUR + 71) * 1000,
      1.14427,
      1.14425,
      3.5,
      1,
      1,
    ]);
  });

  it('refuses a file that unpacks to no whole number of 20-byte records, and one cut short', () => {
    const odd = compressSync(Buffer.alloc(30, 1));
    expect(() => decodeBi5(odd, HOUR, 1000, 'X 08h')).toThrow(
      'X 08h: 30 bytes unpacked is no whole number of 20-byte tick records; not stored',
    );
    const file = Buffer.from(
      encodeBi5([{ ts: HOUR, ask: 1, bid: 1, askVolume: 1, bidVolume: 1 }], HOUR, 1000),
    );
    // A header that claims 10 unpacked bytes: the decoder stops there, half a record.
    file.writeBigUInt64LE(10n, 5);
    expect(() => decodeBi5(file, HOUR, 1000, 'X 08h')).toThrow(
      'X 08h: 10 bytes unpacked is no whole number of 20-byte tick records; not stored',
    );
  });

  it('reads an empty body as no ticks', () => {
    expect(decodeBi5(new Uint8Array(0), HOUR, 1000, 'X').length).toBe(0);
  });

  it('accumulates the JSON columns from the base values (times in ms, prices in multiplier units)', () => {
    const doc = {
      timestamp: HOUR,
      multiplier: 0.001,
      ask: 150.123,
      bid: 150.12,
      times: [5, 1000, 0],
      asks: [0, 2, -7],
      bids: [0, 1, -1],
      askVolumes: [1_500_000, 250_000, 0],
      bidVolumes: [1_000_000, 750_000, 120_000],
    };
    const t = decodeJsonTicks(JSON.stringify(doc), 'USDJPY 08h');
    expect(Array.from(t.ts)).toEqual([(HOUR + 5) * 1000, (HOUR + 1005) * 1000, (HOUR + 1005) * 1000]);
    expect(Array.from(t.ask)).toEqual([150.123, 150.125, 150.118]);
    expect(Array.from(t.bid)).toEqual([150.12, 150.121, 150.12]);
    expect(Array.from(t.askSize!)).toEqual([1.5, 0.25, 0]);
    expect(Array.from(t.bidSize!)).toEqual([1, 0.75, 0.12]);
  });

  it('builds the URL of each shape: zero-based months in .bi5 paths, one-based and dashed codes in the JSON API', () => {
    const hour = Date.UTC(2025, 0, 15, 10);
    expect(hourUrl(dukascopySource('eurusd', 'https://datafeed.dukascopy.com/datafeed/'), hour).href).toBe(
      'https://datafeed.dukascopy.com/datafeed/EURUSD/2025/00/15/10h_ticks.bi5',
    );
    expect(hourUrl(dukascopySource('EURUSD'), hour).href).toBe(
      'https://jetta.dukascopy.com/v1/ticks/EUR-USD/2025/1/15/10',
    );
    expect(hourUrl(dukascopySource('USA500IDXUSD'), hour).href).toBe(
      'https://jetta.dukascopy.com/v1/ticks/USA500IDXUSD/2025/1/15/10',
    );
  });
});
