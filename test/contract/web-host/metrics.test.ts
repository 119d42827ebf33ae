import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batchFromBars } from '../../../src-main/engines/catalog/index';
import { startWebHost, type WebHost } from '../../../src-main/hosts/web/server';
import type { CommandOutput } from '../../../src-shared/contract';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { expectedBars, type ProviderServer, startProviderServer } from '../../helpers/provider-server/index';
import { finishedJob, tempCoreOf } from '../temp-core';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2024, 2, 4);
const NOW = T0 + 2 * DAY;
const TOKEN = 'session-token-0123456789';
const METRICS = 'metrics-token-9876543210';

let server: ProviderServer;
let host: WebHost;
const { call, dir, core } = tempCoreOf('barcat-metrics-', { now: () => NOW });

beforeEach(async () => {
  server = await startProviderServer();
  await call('setSettings', { providers: { 'binance-spot': { baseUrl: server.url } } });
  const rendererDir = path.join(dir(), 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Barcat</title>');
  host = await startWebHost({
    core: core(),
    rendererDir,
    uploadDir: path.join(dir(), 'uploads'),
    token: TOKEN,
    metricsToken: METRICS,
  });
});
// Runs before tempCore's (after-hooks run last-registered first): the host stops before its core.
afterEach(async () => {
  await host.close();
  await server.close();
});

const finished = (jobId: string) => finishedJob(call, jobId);

const metricsUrl = () => `http://127.0.0.1:${host.port}/metrics`;

/** name{labels} -> value, from the page parsed as Prometheus text. */
function samples(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const family of parsePrometheusTextFormat(text))
    for (const m of family.metrics) {
      const labels = Object.entries(m.labels ?? {})
        .map(([k, v]) => `${k}="${v}"`)
        .join(',');
      out[labels ? `${family.name}{${labels}}` : family.name] = Number(m.value);
    }
  return out;
}

describe('/metrics on the web host', () => {
  it('refuses a scrape without the token, from another page, or with a wrong one', async () => {
    expect((await fetch(metricsUrl())).status).toBe(403);
    // The session token runs every command: it is no Bearer for a scrape config.
    const session = await fetch(metricsUrl(), { headers: { authorization: `Bearer ${TOKEN}` } });
    expect([session.status, await session.text()]).toEqual([
      403,
      'refused: the request carried no valid token; open the URL the web host printed (it carries the token)\n',
    ]);
    // The metrics token opens only /metrics.
    const command = await fetch(`http://127.0.0.1:${host.port}/api/listJobs`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${METRICS}`,
        'x-barcat-token': METRICS,
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(command.status).toBe(403);
    expect((await fetch(metricsUrl(), { headers: { authorization: 'Bearer wrong' } })).status).toBe(403);
    expect((await fetch(metricsUrl(), { headers: { authorization: `Basic ${METRICS}` } })).status).toBe(403);
    expect((await fetch(`${metricsUrl()}?token=${METRICS}`)).status).toBe(403);
    const foreign = await fetch(metricsUrl(), {
      headers: { authorization: `Bearer ${METRICS}`, origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect((await fetch(metricsUrl(), { method: 'POST', headers: { 'x-barcat-token': TOKEN } })).status).toBe(
      405,
    );
  });

  it('reports series, bars, last-bar age, jobs, provider requests, retries, 429s and import rows', async () => {
    // A series with a 3-hour gap, filled by a backfill whose first answer is a 429.
    const btc = parseSeriesId('BINANCE:BTCUSDT:1h');
    const bars = expectedBars(server.spec, 'BTCUSDT', HOUR, T0, T0 + DAY, Date.now());
    await core()
      .catalog()
      .write(btc, batchFromBars(bars.filter((b) => b.ts < T0 + 6 * HOUR || b.ts >= T0 + 9 * HOUR)), 'merge');
    server.inject({ kind: '429', retryAfterSec: 1, pathPrefix: '/api/v3/klines' });
    const { jobId } = await call<{ jobId: string }>('startBackfill', { id: 'BINANCE:BTCUSDT:1h' });
    expect((await finished(jobId)).state).toBe('done');
    // An import of 4 rows, one of them invalid (skipped by the error policy).
    const csv = path.join(dir(), 'rows.csv');
    writeFileSync(
      csv,
      'timestamp,open,high,low,close,volume\n2024-03-04T00:00:00Z,1,2,0.5,1.5,10\n2024-03-04T01:00:00Z,1,2,0.5,1.5,10\n2024-03-04T02:00:00Z,1,0.1,0.5,1.5,10\n2024-03-04T03:00:00Z,1,2,0.5,1.5,10\n',
    );
    const [card] = (
      await call<CommandOutput<'previewImport'>>('previewImport', {
        files: [{ path: csv, overrides: { venue: 'TEST', symbol: 'ROWS', timeframe: '1h', tz: 'UTC' } }],
      })
    ).files;
    const started = await call<{ jobId: string }>('startImport', {
      files: [{ path: csv, planId: card!.planId }],
      mode: 'merge',
      onError: 'skip',
    });
    expect((await finished(started.jobId)).state).toBe('done');

    const bearer = await fetch(metricsUrl(), { headers: { authorization: `Bearer ${METRICS}` } });
    expect(bearer.status).toBe(200);
    expect(bearer.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await bearer.text();
    // The page's own header (the session token) works too.
    expect(await (await fetch(metricsUrl(), { headers: { 'x-barcat-token': TOKEN } })).text()).toBe(text);
    expect(samples(text)).toEqual({
      barcat_series: 2,
      barcat_bars_stored: 24 + 3,
      'barcat_series_last_bar_age_seconds{series="BINANCE:BTCUSDT:1h"}': DAY / 1000,
      'barcat_series_last_bar_age_seconds{series="TEST:ROWS:1h"}': (NOW - (T0 + 4 * HOUR)) / 1000,
      'barcat_series_bars{series="BINANCE:BTCUSDT:1h"}': 24,
      'barcat_series_bars{series="TEST:ROWS:1h"}': 3,
      // BTCUSDT is exactly one day behind (allowed); TEST:ROWS is 44 hours behind: stale.
      'barcat_series_problems{series="BINANCE:BTCUSDT:1h"}': 0,
      'barcat_series_problems{series="TEST:ROWS:1h"}': 1,
      'barcat_health_problems{code="stale"}': 1,
      'barcat_jobs{kind="backfill",state="done"}': 1,
      'barcat_jobs{kind="import",state="done"}': 1,
      barcat_jobs_stalled: 0,
      'barcat_provider_requests{provider="binance-spot"}': 2,
      'barcat_provider_retries{provider="binance-spot"}': 1,
      'barcat_provider_rate_limited{provider="binance-spot"}': 1,
      'barcat_provider_banned{provider="binance-spot"}': 0,
      'barcat_import_rows{outcome="read"}': 4,
      'barcat_import_rows{outcome="added"}': 3,
      'barcat_import_rows{outcome="replaced"}': 0,
      'barcat_import_rows{outcome="removed"}': 0,
      'barcat_import_rows{outcome="skipped"}': 0,
      'barcat_import_rows{outcome="invalid"}': 1,
      'barcat_import_files{status="imported"}': 1,
    });
  });
});
