import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { startMetricsServer } from '../../../src-main/hosts/web/metrics-server';
import type { Settings } from '../../../src-shared/contract';
import { freePort } from '../../helpers/db-servers/free-port';
import { tempCoreOf } from '../temp-core';

// The desktop app's wiring: the core opens and closes the port as the setting changes.
const { call, core } = tempCoreOf('barcat-metrics-port-', { serveMetrics: startMetricsServer });

/** The scrape's status on a new connection, or the connection error's code when nothing listens. */
function scrape(port: number, token: string | undefined): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path: '/metrics',
        agent: false,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'unknown'));
  });
}

describe("the app's opt-in metrics port", () => {
  it('is off by default; turned on it gets a token, and serves /metrics to a scraper sending it', async () => {
    const off = await call<Settings>('getSettings');
    expect([off.metricsPort, off.metricsToken]).toEqual([undefined, undefined]);
    const port = await freePort();
    const on = await call<Settings>('setSettings', { metricsPort: port });
    expect(on.metricsPort).toBe(port);
    expect(on.metricsToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // The same token while it stays on.
    expect((await call<Settings>('setSettings', { metricsPort: port })).metricsToken).toBe(on.metricsToken);

    const url = `http://127.0.0.1:${port}`;
    const ok = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${on.metricsToken}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('\nbarcat_series 0\n');
    expect(await scrape(port, undefined)).toBe(403);
    expect(
      (await fetch(`${url}/api/listSeries`, { headers: { authorization: `Bearer ${on.metricsToken}` } }))
        .status,
    ).toBe(404);

    // Moved: the old port closes, the new one serves with the same token.
    const moved = await freePort();
    await call<Settings>('setSettings', { metricsPort: moved });
    expect([await scrape(port, on.metricsToken!), await scrape(moved, on.metricsToken!)]).toEqual([
      'ECONNREFUSED',
      200,
    ]);

    // Off: closed at once, not at the next start.
    const offAgain = await call<Settings>('setSettings', { metricsPort: null });
    expect([offAgain.metricsPort, offAgain.metricsToken]).toEqual([undefined, undefined]);
    expect(await scrape(moved, on.metricsToken!)).toBe('ECONNREFUSED');
    expect((await core().dispatch('setSettings', { metricsPort: 80 })).ok).toBe(false);
  });
});
