import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalog, tableToBars } from '../../../../src-main/engines/catalog/index';
import {
  type DukascopyServer,
  type DukaTick,
  startDukascopyServer,
} from '../../../helpers/provider-server/vendors/dukascopy';
import { tempDirEach } from '../../catalog/helpers';
import { cliAt } from '../cli-io';

const H = 3_600_000;
const T0 = Date.UTC(2024, 2, 4); // Monday 2024-03-04
const at = (h: number, m: number, s: number, ms = 0) => T0 + h * H + m * 60_000 + s * 1000 + ms;
const NOW = T0 + 2 * 86_400_000;

// Known ticks: hour 10 three, 11 none (served empty), 12 two, 13 one (404 at first), 14 one (served
// corrupt at first), 15 none (an HTML page at first). Volumes exact in float32 except 1.12.
const TICKS: DukaTick[] = [
  { ts: at(10, 0, 0, 71), ask: 1.14427, bid: 1.14425, askVolume: 3.5, bidVolume: 1 },
  { ts: at(10, 0, 30, 500), ask: 1.1443, bid: 1.14428, askVolume: 1.12, bidVolume: 0.75 },
  { ts: at(10, 1, 5), ask: 1.14421, bid: 1.14419, askVolume: 2.25, bidVolume: 2.25 },
  { ts: at(12, 15, 0), ask: 1.14502, bid: 1.14499, askVolume: 1, bidVolume: 1.5 },
  { ts: at(12, 15, 59, 999), ask: 1.14512, bid: 1.1451, askVolume: 0.5, bidVolume: 0.25 },
  { ts: at(13, 5, 0, 250), ask: 1.146, bid: 1.14597, askVolume: 4, bidVolume: 4 },
  { ts: at(14, 59, 59, 999), ask: 1.147, bid: 1.14698, askVolume: 1, bidVolume: 1 },
];

const tmp = tempDirEach('barcat-duka-');
let server: DukascopyServer;
let dir: string;
beforeEach(async () => {
  server = await startDukascopyServer({ EURUSD: TICKS }, { EURUSD: 100_000 });
  dir = tmp();
  await (await openCatalog(dir, { create: true })).close();
});
afterEach(() => server.close());

/** `barcat backfill SERIES` over 2024-03-04 10:00-16:00 from the stand-in at `base`, its report in words. */
const backfillText = (series: string, base: string, extra: string[] = []) =>
  cliAt(NOW, [
    'backfill',
    series,
    '--from',
    '2024-03-04T10:00:00Z',
    '--to',
    '2024-03-04T16:00:00Z',
    '--base-url',
    base,
    '--catalog',
    dir,
    ...extra,
  ]);
/** The same, its report as JSON. */
const backfill = (series: string, base: string, extra: string[] = []) =>
  backfillText(series, base, ['--json', ...extra]);

async function stored() {
  const cat = await openCatalog(dir);
  try {
    const key = { venue: 'DUKASCOPY', symbol: 'EURUSD', kind: 'quotes' as const };
    const t = await cat.ticks!.query(key);
    const rows = Array.from({ length: t.length }, (_, i) =>
      t.kind === 'quotes' ? [t.ts[i]! / 1000, t.ask[i], t.bid[i], t.askSize![i], t.bidSize![i]] : [],
    );
    const empty = (await cat.ticks!.checkedEmpty(key)).map((c) => [c.from, c.to, c.provider]);
    const table = await cat.query({ venue: 'DUKASCOPY', symbol: 'EURUSD', timeframe: '1m' }, undefined);
    const bars = tableToBars(table).map((b) => [b.ts, b.open, b.high, b.low, b.close, b.volume, b.trades]);
    return { rows, empty, bars };
  } finally {
    await cat.close();
  }
}

const expectRows = (ticks: DukaTick[]) => ticks.map((t) => [t.ts, t.ask, t.bid, t.askVolume, t.bidVolume]);

describe.each([
  [
    'bi5',
    (s: DukascopyServer) => s.bi5Base,
    'not an LZMA file (starts with "<!DOCTYPE html><html><head><title>Attention Required! | Clou")',
    'corrupt LZMA data (io error: failed to fill whole buffer)',
  ],
  [
    'json',
    (s: DukascopyServer) => s.jsonBase,
    'unreadable JSON (starts with "<!DOCTYPE html><html><head><title>Attention Required! | Clou")',
    'unreadable JSON (starts with "{"timestamp":1709560800000,"multiplier":0.00001,"ask":1.147,")',
  ],
] as const)('barcat backfill DUKASCOPY (%s shape)', (shape, baseOf, htmlWhy, corruptWhy) => {
  it('stores the exact ticks and 1m bid bars, records the empty hour, parks the corrupt and HTML hours, leaves the 404 hour for a re-run', async () => {
    server.fault('EURUSD', T0 + 13 * H, 'missing');
    server.fault('EURUSD', T0 + 14 * H, 'corrupt');
    server.fault('EURUSD', T0 + 15 * H, 'html');
    const r = await backfill('DUKASCOPY:EURUSD:1m', baseOf(server));
    expect(r.err).toBe('');
    expect(r.code).toBe(3);
    const s = JSON.parse(r.out);
    expect(s).toMatchObject({
      series: 'DUKASCOPY:EURUSD:quotes',
      shape,
      hoursPlanned: 6,
      hoursPresent: 0,
      hoursWithTicks: 2,
      ticksWritten: 5,
      checkedEmpty: [{ from: T0 + 11 * H, to: T0 + 12 * H }],
      missing: [{ from: T0 + 13 * H, to: T0 + 14 * H }],
    });
    expect(s.parked.map((p: { range: { from: number } }) => p.range.from)).toEqual([
      T0 + 14 * H,
      T0 + 15 * H,
    ]);
    expect(s.parked[0].error).toBe(
      `Dukascopy EURUSD 2024-03-04T14h: ${corruptWhy}; not stored (gave up after 5 attempts)`,
    );
    expect(s.parked[1].error).toBe(
      `Dukascopy EURUSD 2024-03-04T15h: ${htmlWhy}; not stored (gave up after 5 attempts)`,
    );
    const first = await stored();
    expect(first.rows).toEqual(expectRows(TICKS.slice(0, 5)));
    expect(first.empty).toEqual([[T0 + 11 * H, T0 + 12 * H, 'dukascopy']]);
    // Bars from the bid, volume = summed bid size, trades = tick count.
    expect(first.bars).toEqual([
      [at(10, 0, 0), 1.14425, 1.14428, 1.14425, 1.14428, 1.75, 2],
      [at(10, 1, 0), 1.14419, 1.14419, 1.14419, 1.14419, 2.25, 1],
      [at(12, 15, 0), 1.14499, 1.1451, 1.14499, 1.1451, 1.75, 2],
    ]);

    // The missing hour appears, the faults are gone: a re-run asks only for the hours not stored.
    server.fault('EURUSD', T0 + 13 * H, null);
    server.fault('EURUSD', T0 + 14 * H, null);
    server.fault('EURUSD', T0 + 15 * H, null);
    server.requests.length = 0;
    const again = await backfill('DUKASCOPY:EURUSD:1m', baseOf(server));
    expect(again.code).toBe(0);
    const s2 = JSON.parse(again.out);
    expect([s2.hoursPlanned, s2.hoursPresent, s2.ticksWritten, s2.missing, s2.parked]).toEqual([
      3,
      3,
      2,
      [],
      [],
    ]);
    const asked =
      shape === 'bi5'
        ? [
            '/datafeed/EURUSD/2024/02/04/13h_ticks.bi5',
            '/datafeed/EURUSD/2024/02/04/14h_ticks.bi5',
            '/datafeed/EURUSD/2024/02/04/15h_ticks.bi5',
          ]
        : ['/v1/ticks/EUR-USD/2024/3/4/13', '/v1/ticks/EUR-USD/2024/3/4/14', '/v1/ticks/EUR-USD/2024/3/4/15'];
    expect([...server.requests].sort()).toEqual(asked);
    const second = await stored();
    expect(second.rows).toEqual(expectRows(TICKS));
    expect(second.empty).toEqual([
      [T0 + 11 * H, T0 + 12 * H, 'dukascopy'],
      [T0 + 15 * H, T0 + 16 * H, 'dukascopy'],
    ]);
    expect(second.bars.map((b) => b[0])).toEqual([
      at(10, 0, 0),
      at(10, 1, 0),
      at(12, 15, 0),
      at(13, 5, 0),
      at(14, 59, 0),
    ]);

    // Everything present: nothing asked.
    server.requests.length = 0;
    const third = await backfill('DUKASCOPY:EURUSD:quotes', baseOf(server));
    expect([third.code, JSON.parse(third.out).hoursPlanned, server.requests]).toEqual([0, 0, []]);
  });
});

describe('barcat backfill DUKASCOPY output', () => {
  it('prints what was asked, written and found empty', async () => {
    const r = await backfillText('DUKASCOPY:EURUSD:quotes', server.bi5Base);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toBe(
      'DUKASCOPY:EURUSD:quotes (bi5): 6 hours asked, 0 already present; 7 ticks written from 4 hours; 6 requests, 0 retries\n' +
        'checked empty (no ticks at source): 2024-03-04 11h..2024-03-04 12h, 2024-03-04 15h..2024-03-04 16h\n',
    );
  });
});

describe('barcat backfill DUKASCOPY refusals', () => {
  it('refuses an unknown instrument with its reason, asking nothing', async () => {
    const r = await backfill('DUKASCOPY:FOOBAR:quotes', server.bi5Base);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain(
      'Dukascopy instrument FOOBAR is not known to Barcat (its price scale is needed to read the ticks); known: EURUSD, GBPUSD',
    );
    expect(server.requests).toEqual([]);
  });

  it('stops at a 403: the hours not in flight are parked unsent, every hour with the refusal', async () => {
    for (let h = 10; h < 16; h++) server.fault('EURUSD', T0 + h * H, 'forbidden');
    const r = await backfill('DUKASCOPY:EURUSD:quotes', server.jsonBase, ['--rate', '1000']);
    expect(r.code).toBe(3);
    const s = JSON.parse(r.out);
    const why =
      "Dukascopy refused access (HTTP 403); the key's plan may not cover this data, or a firewall blocks this address";
    expect(s.parked.map((p: { error: string }) => p.error)).toEqual(Array(6).fill(why));
    // At most the four hours already in flight were sent; the two after them never were.
    expect(server.requests.length).toBeLessThanOrEqual(4);
    expect(server.requests.filter((p) => /\/(14|15)$/.test(p))).toEqual([]);
  });

  it('refuses a base URL that is neither shape', async () => {
    const r = await backfill('DUKASCOPY:EURUSD:quotes', `${server.url}/other`);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain(`--base-url ${server.url}/other: a Dukascopy base URL ends in /datafeed`);
  });
});
