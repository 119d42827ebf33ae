import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import type { BackfillServiceOptions } from '../../../src-main/engines/backfill/index';
import { createBackfillService } from '../../../src-main/engines/backfill/index';
import { shiftedClock } from '../../../src-main/engines/backfill/requests/clock';
import { openCatalog } from '../../../src-main/engines/catalog/index';
import type { Catalog } from '../../../src-main/engines/catalog/types';
import type { ProviderName } from '../../../src-shared/domain/job';
import { parseSeriesId, type SeriesKey } from '../../../src-shared/domain/series';
import { nominalMs } from '../../../src-shared/domain/timeframe';
import {
  expectedBars,
  type LoggedRequest,
  type ProviderServer,
  type ProviderServerOptions,
  type Reply,
  startProviderServer,
  TEST_KEYS,
} from '../../helpers/provider-server/index';

export const T0 = Date.UTC(2024, 2, 4); // Monday 2024-03-04
export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Test policy: same rules, short waits. */
export const FAST_POLICY = { baseMs: 5, capMs: 50, timeoutMs: 1500 };

export async function tempCatalog(): Promise<{ dir: string; catalog: Catalog; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'barcat-backfill-'));
  const catalog = await openCatalog(dir, { create: true });
  return {
    dir,
    catalog,
    cleanup: async () => {
      await catalog.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const testKeys: BackfillServiceOptions['getKey'] = async (p) =>
  p === 'alpaca'
    ? { id: TEST_KEYS.alpacaKeyId, secret: TEST_KEYS.alpacaSecret }
    : p === 'polygon'
      ? { secret: TEST_KEYS.polygonKey }
      : p === 'tiingo'
        ? { secret: TEST_KEYS.tiingoKey }
        : undefined;

export function service(
  catalog: Catalog,
  dir: string,
  now: number,
  extra: Partial<BackfillServiceOptions> = {},
) {
  return serviceOn({ catalog, dir }, shiftedClock(now), extra);
}

/** The backfill service on a test catalog with the test keys and fast retries, on `clock`. */
export function serviceOn(
  cat: { catalog: Catalog; dir: string },
  clock: BackfillServiceOptions['clock'],
  extra: Partial<BackfillServiceOptions> = {},
) {
  return createBackfillService({
    catalog: cat.catalog,
    catalogDir: cat.dir,
    getKey: testKeys,
    clock,
    policy: FAST_POLICY,
    ...extra,
  });
}

/** Bars in the catalog as plain rows, oldest first. */
export async function catalogRows(catalog: Catalog, key: SeriesKey) {
  const { tableToBars } = await import('../../../src-main/engines/catalog/index');
  return ohlcv(tableToBars(await catalog.query(key, undefined)));
}

export function ohlcv(
  bars: { ts: number; open: number; high: number; low: number; close: number; volume: number }[],
) {
  return bars.map(({ ts, open, high, low, close, volume }) => ({ ts, open, high, low, close, volume }));
}

/** Starts a backfill on `svc` and waits for its job to end; the job as it ended. */
export async function backfilled(
  svc: Pick<ReturnType<typeof createBackfillService>, 'start' | 'wait'>,
  request: Parameters<ReturnType<typeof createBackfillService>['start']>[0],
) {
  return svc.wait((await svc.start(request)).id);
}

/**
 * A fresh provider stand-in and temp catalog for each test of the describe block, closed after it;
 * `now` is the stand-in's clock (a function where the test moves it).
 */
export function serverAndCatalog(now: number | (() => number), serverOptions: ProviderServerOptions = {}) {
  const f = {
    server: undefined as unknown as ProviderServer,
    cat: undefined as unknown as Awaited<ReturnType<typeof tempCatalog>>,
  };
  beforeEach(async () => {
    f.server = await startProviderServer({
      now: typeof now === 'number' ? () => now : now,
      ...serverOptions,
    });
    f.cat = await tempCatalog();
  });
  afterEach(async () => {
    await f.server.close();
    await f.cat.cleanup();
  });
  return f;
}

/**
 * A provider stand-in (listing `symbols`) and temp catalog that each test starts itself through `setup`,
 * with its own stand-in options; closed after the test.
 */
function serverAndCatalogPerTest(now: number, symbols: string[]) {
  const f: { server?: ProviderServer; cat?: Awaited<ReturnType<typeof tempCatalog>> } = {};
  afterEach(async () => {
    await f.server?.close();
    await f.cat?.cleanup();
  });
  const setup = async (opts: ProviderServerOptions = {}) => {
    const server = await startProviderServer({ now: () => now, symbols, ...opts });
    const cat = await tempCatalog();
    Object.assign(f, { server, cat });
    return { server, cat };
  };
  return Object.assign(f, { setup });
}

/**
 * serverAndCatalogPerTest, and `run` backfills a series from `provider` through the test's stand-in and
 * catalog (a service with `extra` options) and waits for the job.
 */
export function providerPerTest(
  provider: ProviderName,
  now: number,
  symbols: string[],
  extra: Partial<BackfillServiceOptions> = {},
) {
  const f = serverAndCatalogPerTest(now, symbols);
  const { run, expectFetched } = fetchChecks(
    () => ({ server: f.server!, cat: f.cat! }),
    provider,
    now,
    extra,
  );
  return Object.assign(f, { run, expectFetched });
}

/**
 * `run` backfills a series from `provider` through the stand-in and catalog `at` gives (read when it
 * runs; a service with `extra` options) and waits for the job; and the checks of a finished backfill.
 */
function fetchChecks(
  at: () => { server: ProviderServer; cat: Awaited<ReturnType<typeof tempCatalog>> },
  provider: ProviderName,
  now: number,
  extra: Partial<BackfillServiceOptions> = {},
) {
  const run = async (series: string, from: number, to: number) => {
    const { server, cat } = at();
    const svc = service(cat.catalog, cat.dir, now, extra);
    return backfilled(svc, { series, from, to, provider, baseUrl: server.url });
  };
  /** The series' bars in the catalog are exactly the stand-in's bars of [from, to) for its symbol. */
  const expectSourceBars = async (series: string, from: number, to: number) => {
    const key = parseSeriesId(series);
    expect(await catalogRows(at().cat.catalog, key)).toEqual(
      ohlcv(expectedBars(at().server.spec, key.symbol, nominalMs(key.timeframe), from, to, now)),
    );
  };
  /**
   * A backfill of [from, to) of `series` ends done, after exactly the `requests` (each seen through
   * `view`, the query fields the source pages by), with exactly the source's bars.
   */
  const expectFetched = async <T>(
    series: string,
    from: number,
    to: number,
    view: (r: LoggedRequest) => T,
    requests: T[],
  ) => {
    const job = await run(series, from, to);
    expect(job.state).toBe('done');
    expect(at().server.requests.map(view)).toEqual(requests);
    await expectSourceBars(series, from, to);
  };
  return { run, expectSourceBars, expectFetched };
}

/**
 * serverAndCatalog, and `run` backfills a series from `provider` through them and waits for the job;
 * the `expect…` methods are the checks every provider family passes.
 */
export function providerFixture(provider: ProviderName, now: number, serverOptions: ProviderServerOptions) {
  const f = serverAndCatalog(now, serverOptions);
  const { run, expectSourceBars, expectFetched } = fetchChecks(() => f, provider, now);
  /** A range the source has no bars in: one request, recorded as checked-empty by this provider. */
  const expectCheckedEmpty = async (series: string, hole: { from: number; to: number }) => {
    const job = await run(series, hole.from, hole.to);
    expect(job).toMatchObject({ state: 'done', progress: { barsWritten: 0, requestsDone: 1 } });
    const a = await f.cat.catalog.availability(parseSeriesId(series), { range: hole });
    expect(a.checkedEmpty.map(({ from, to, provider: p }) => ({ from, to, provider: p }))).toEqual([
      { ...hole, provider },
    ]);
  };
  /** A series the provider cannot serve is refused at start with `message`; nothing is sent. */
  const expectRefused = async (series: string, range: { from: number; to: number }, message: string) => {
    const svc = service(f.cat.catalog, f.cat.dir, now);
    await expect(svc.start({ series, ...range, provider, baseUrl: f.server.url })).rejects.toThrow(message);
    expect(f.server.requests).toEqual([]);
  };
  /**
   * A symbol the source does not know: parked as refused for good with `message`, after the
   * requests the stand-in answered with exactly `statuses` (one, with the refusal's status).
   */
  const expectParkedForGood = async (
    series: string,
    range: { from: number; to: number },
    message: string,
    statuses: number[],
  ) => {
    const job = await run(series, range.from, range.to);
    expect(job.parked.map((p) => [p.error, p.permanent])).toEqual([[message, true]]);
    expect(f.server.requests.map((r) => r.status)).toEqual(statuses);
  };
  /** The source's rate-limit `reply` to the first request is waited out (one retry), then every bar arrives. */
  const expectWaitedOut = async (reply: Reply, series: string, from: number, to: number) => {
    f.server.inject({ kind: 'reply', reply });
    const job = await run(series, from, to);
    expect(job.state).toBe('done');
    expect(f.server.requests.map((r) => [r.status, r.fault])).toEqual([
      [reply.status, 'reply'],
      [200, null],
    ]);
    expect(job.summary).toMatchObject({ retries: 1, parked: 0 });
    await expectSourceBars(series, from, to);
  };
  return Object.assign(f, {
    provider,
    run,
    expectFetched,
    expectCheckedEmpty,
    expectRefused,
    expectParkedForGood,
    expectWaitedOut,
  });
}
