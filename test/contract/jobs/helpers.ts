import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Core, createCore } from '../../../src-main/app/create-core';
import { batchFromBars } from '../../../src-main/engines/catalog/index';
import { parseSeriesId } from '../../../src-shared/domain/series';
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
