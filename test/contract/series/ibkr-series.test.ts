import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batchFromBars } from '../../../src-main/engines/catalog/index';
import type { JobView } from '../../../src-shared/contract';
import { parseSeriesId } from '../../../src-shared/domain/series';
import type { Availability } from '../../../src-shared/domain/series-views/availability';
import { AAPL_FOUND, SHEL_A, sessionBars } from '../../helpers/tws/data';
import { closeTws, startTws } from '../../helpers/tws/session';
import type { TwsStandIn } from '../../helpers/tws/stand-in';
import { finishedJob, tempCoreOf } from '../temp-core';

// The plan the user saw is the plan that runs: the IB settings set in the series' details are the
// ones TWS receives, through the app's own calls (setSeriesProvider, startBackfill).
const DAY = 86_400_000;
const MON = Date.UTC(2024, 2, 4);
const ID = 'NYSE:SHEL:1d';

/** A SHEL listing as the contract search of a series answers it. */
const shelContract = (conId: number, description: string) => ({
  conId,
  symbol: 'SHEL',
  secType: 'STK',
  exchange: 'SMART',
  primaryExch: 'NYSE',
  currency: 'USD',
  expiry: '',
  description,
});

const { call, core } = tempCoreOf('barcat-ibkr-series-');
let tws: TwsStandIn;
beforeEach(async () => {
  tws = await startTws({
    now: () => Date.now(),
    headTimestamp: Date.UTC(2000, 0, 3),
  });
  await call('setSettings', { providers: { ibkr: { baseUrl: tws.url() } } });
  // The series exists with one bar (setting a provider never creates one).
  await core()
    .catalog()
    .write(parseSeriesId(ID), batchFromBars(sessionBars(SHEL_A.conId, DAY, MON, MON + DAY, true)), 'merge');
});
afterEach(() => closeTws(tws));

describe('IB settings of a series, from its details to TWS', () => {
  it('whatToShow ASK, extended hours and the chosen conId are stored with the provider and sent exactly', async () => {
    const ibkr = { whatToShow: 'ASK', useRth: false, conId: 1001, secType: 'STK' };
    expect(await call('setSeriesProvider', { id: ID, provider: 'ibkr', ibkr })).toEqual({
      id: ID,
      provider: 'ibkr',
      ibkr,
    });
    const a = await call<Availability>('availability', { id: ID });
    expect({ provider: a.provider, ibkr: a.ibkr }).toEqual({ provider: 'ibkr', ibkr });

    const { jobId } = await call<{ jobId: string }>('startBackfill', {
      id: ID,
      ranges: [{ from: MON + DAY, to: MON + 3 * DAY }],
    });
    expect((await finishedJob(call, jobId)).state).toBe('done');
    expect(tws.requests.filter((r) => r.msgId === 9).map((r) => r.fields.slice(3, 6))).toEqual([
      ['1001', '', ''],
    ]);
    // conId, endDateTime, bar size, duration, useRTH, whatToShow
    expect(
      tws.dataRequests().map((r) => [r.msgId, ...r.fields.slice(2, 3), ...r.fields.slice(15, 20)]),
    ).toEqual([[20, '1001', '20240307-00:00:00', '1 day', '2 D', '0', 'ASK']]);
    expect(tws.violations).toEqual([]);
  });

  it('ibkr without settings stores the defaults it will send; another provider drops them', async () => {
    expect(await call('setSeriesProvider', { id: ID, provider: 'ibkr' })).toEqual({
      id: ID,
      provider: 'ibkr',
      ibkr: { whatToShow: 'TRADES', useRth: true, conId: 0, secType: 'STK' },
    });
    expect(await call('setSeriesProvider', { id: ID, provider: 'alpaca' })).toEqual({
      id: ID,
      provider: 'alpaca',
    });
    expect((await call<Availability>('availability', { id: ID })).ibkr).toBeUndefined();
    await expect(
      call('setSeriesProvider', {
        id: ID,
        provider: 'alpaca',
        ibkr: { whatToShow: 'ASK', useRth: false, conId: 0, secType: 'STK' },
      }),
    ).rejects.toThrow('setSeriesProvider: Interactive Brokers settings go only with provider ibkr');
  });
});

describe('an ambiguous contract is chosen once, in the app', () => {
  it('without a conId the job parks listing both; ibkrContracts lists them; the choice is kept and used', async () => {
    await call('setSeriesProvider', { id: ID, provider: 'ibkr' });
    const first = await call<{ jobId: string }>('startBackfill', {
      id: ID,
      ranges: [{ from: MON + DAY, to: MON + 2 * DAY }],
    });
    const parked = await finishedJob(call, first.jobId);
    expect(parked.state).toBe('failed');
    expect(tws.dataRequests()).toEqual([]);

    expect(await call('ibkrContracts', { id: ID })).toEqual([
      shelContract(1001, 'SHELL PLC-ADR'),
      shelContract(1002, 'SHELL PLC-ADR WHEN ISSUED'),
    ]);
    const a = await call<Availability>('availability', { id: ID });
    await call('setSeriesProvider', { id: ID, provider: 'ibkr', ibkr: { ...a.ibkr, conId: 1002 } });
    const second = await call<{ jobId: string }>('startBackfill', {
      id: ID,
      ranges: [{ from: MON + DAY, to: MON + 2 * DAY }],
    });
    const done: JobView = await finishedJob(call, second.jobId);
    expect(done.state).toBe('done');
    expect(tws.dataRequests().map((r) => [r.fields[2], r.fields[18], r.fields[19]])).toEqual([
      ['1002', '1', 'TRADES'],
    ]);
  });
});

describe('symbol search and Add series with Interactive Brokers, in the app', () => {
  it('searchSymbols asks TWS (reqMatchingSymbols); addSeries keeps the picked contract', async () => {
    const found = await call<{ symbols: unknown[]; warning: string | null }>('searchSymbols', {
      provider: 'ibkr',
      query: 'AAPL',
    });
    expect(found.symbols).toEqual([AAPL_FOUND]);
    expect(found.warning).toBeNull();
    const added = await call<{ id: string; jobId: string }>('addSeries', {
      provider: 'ibkr',
      symbol: 'AAPL',
      timeframe: '1d',
      from: MON,
      to: MON + 2 * DAY,
      ibkr: { whatToShow: 'TRADES', useRth: true, conId: 265598, secType: 'STK' },
    });
    expect(added.id).toBe('NASDAQ:AAPL:1d');
    expect((await finishedJob(call, added.jobId)).state).toBe('done');
    expect(tws.requests.map((r) => [r.msgId, r.fields[r.msgId === 9 ? 3 : 2]])).toEqual([
      [81, 'AAPL'],
      [9, '265598'],
      [9, '265598'],
      [20, '265598'],
    ]);
    expect((await call<Availability>('availability', { id: added.id })).ibkr).toEqual({
      whatToShow: 'TRADES',
      useRth: true,
      conId: 265598,
      secType: 'STK',
    });
  });
});
