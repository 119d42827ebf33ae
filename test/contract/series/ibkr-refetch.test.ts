import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batchFromBars } from '../../../src-main/engines/catalog/index';
import { parseSeriesId } from '../../../src-shared/domain/series';
import type { FindingView, RefetchComparison } from '../../../src-shared/domain/series-views/findings';
import { barAt, SHEL_A, sessionBars } from '../../helpers/tws/data';
import { closeTws, startTws } from '../../helpers/tws/session';
import type { TwsStandIn } from '../../helpers/tws/stand-in';
import { tempCoreOf } from '../temp-core';

// A quality re-fetch asks TWS with the series' stored IB settings, as a backfill does: the contract
// chosen once (SHEL is ambiguous without it), what to show and the hours.
const DAY = 86_400_000;
const MON = Date.UTC(2024, 2, 4);
const BAD = MON + DAY;
const ID = 'NYSE:SHEL:1d';

const { call, core } = tempCoreOf('barcat-ibkr-refetch-');
let tws: TwsStandIn;
beforeEach(async () => {
  tws = await startTws({ now: () => Date.now(), headTimestamp: Date.UTC(2000, 0, 3) });
  await call('setSettings', { providers: { ibkr: { baseUrl: tws.url() } } });
  // Three weeks of the contract's daily bars with one bad print: a low of zero on Tuesday.
  const bars = sessionBars(SHEL_A.conId, DAY, MON - 7 * DAY, MON + 14 * DAY, false).map((b) =>
    b.ts === BAD ? { ...b, low: 0 } : b,
  );
  await core().catalog().write(parseSeriesId(ID), batchFromBars(bars), 'merge');
});
afterEach(() => closeTws(tws));

describe('quality re-fetch of an IBKR series', () => {
  it('sends exactly the stored conId, whatToShow and useRTH, and compares the answer bar by bar', async () => {
    const ibkr = { whatToShow: 'BID', useRth: false, conId: SHEL_A.conId, secType: 'STK' };
    await call('setSeriesProvider', { id: ID, provider: 'ibkr', ibkr });
    const { findings } = await call<{ findings: FindingView[] }>('seriesFindings', { id: ID });
    const found = findings.find((f) => f.check === 'impossible')!;
    expect(found).toMatchObject({ from: BAD, field: 'non_positive_price' });

    const c = await call<RefetchComparison>('refetchCompare', { id: ID, findingId: found.id });
    // The contract is looked up by the stored conId, never by symbol (which would be ambiguous).
    expect(tws.requests.filter((r) => r.msgId === 9).map((r) => r.fields.slice(3, 6))).toEqual([
      ['1001', '', ''],
    ]);
    // conId, bar size, useRTH, whatToShow of every historical request.
    expect(
      tws.dataRequests().map((r) => [r.msgId, r.fields[2], r.fields[16], r.fields[18], r.fields[19]]),
    ).toEqual([[20, '1001', '1 day', '0', 'BID']]);
    expect(tws.violations).toEqual([]);
    expect(c).toMatchObject({ provider: 'ibkr', series: ID, findingId: found.id, differing: 1 });
    const good = barAt(SHEL_A.conId, BAD);
    expect(c.rows.filter((r) => r.differs)).toEqual([
      {
        ts: BAD,
        catalog: { open: good.open, high: good.high, low: 0, close: good.close, volume: good.volume },
        provider: { open: good.open, high: good.high, low: good.low, close: good.close, volume: good.volume },
        differs: true,
      },
    ]);
    await call('refetchDiscard', { token: c.token });
  });
});
