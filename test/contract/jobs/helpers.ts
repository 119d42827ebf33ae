import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { type Core, createCore } from '../../../src-main/app/create-core';
import { batchFromBars } from '../../../src-main/engines/catalog/index';
import type { CommandName, CommandOutput } from '../../../src-shared/contract';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { DAY, MINUTE as MIN } from '../../../src-shared/domain/timeframe';
import { expectedBars, type ProviderServer, startProviderServer } from '../../helpers/provider-server/index';
import { callCore } from '../temp-core';

/** A core and a provider stand-in on one injectable clock, Binance pointed at the stand-in. */
export interface ClockedCore {
  dir: string;
  core: Core;
  server: ProviderServer;
  close(): Promise<void>;
}

export async function openClockedCore(prefix: string, now: () => number): Promise<ClockedCore> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const server = await startProviderServer({ now });
  const core = await createCore({ catalogDir: path.join(dir, 'catalog'), dataDir: null, now });
  await callCore(core, 'setSettings', { providers: { 'binance-spot': { baseUrl: server.url } } });
  return {
    dir,
    core,
    server,
    async close() {
      await core.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Stores the stand-in's bars of `symbol` in [from, to) as series `id`, kept current by binance-spot. */
export async function seedBinanceSeries(
  env: ClockedCore,
  id: string,
  bar: { symbol: string; tf: number; from: number; to: number; now: number },
): Promise<void> {
  const bars = expectedBars(env.server.spec, bar.symbol, bar.tf, bar.from, bar.to, bar.now);
  await env.core.catalog().write(parseSeriesId(id), batchFromBars(bars), 'merge');
  await callCore(env.core, 'setSeriesProvider', { id, provider: 'binance-spot' });
}

/** The first day of the stand-in bars the schedules tests store. */
export const T0 = Date.UTC(2024, 2, 4);

/**
 * A ClockedCore for each test (closed after it), its clock at 00:30 two days after T0 and `seed` run
 * on it first. `tick` moves the clock and lets the scheduler run what is due, as its timer does.
 */
export function clockedCoreEach(prefix: string, seed: (env: ClockedCore, now: number) => Promise<void>) {
  const start = T0 + 2 * DAY + 30 * MIN;
  let clock = start;
  let env: ClockedCore | undefined;
  beforeEach(async () => {
    clock = start;
    env = await openClockedCore(prefix, () => clock);
    await seed(env, clock);
  });
  afterEach(() => env?.close());
  const core = () => (env as ClockedCore).core;
  return {
    core,
    server: () => (env as ClockedCore).server,
    now: () => clock,
    advance: (ms: number) => {
      clock += ms;
    },
    async tick(ms: number): Promise<void> {
      clock += ms;
      core().scheduler.poke();
      await core().scheduler.idle();
    },
    call: <K extends CommandName>(name: K, input?: unknown): Promise<CommandOutput<K>> =>
      callCore(core(), name, input),
  };
}
