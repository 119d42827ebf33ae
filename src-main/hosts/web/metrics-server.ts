import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from '../../app/create-core';
import { hostAllowed } from './auth';
import { type GuardOptions, refuseApiRequest } from './request-guard';
import { setSecurityHeaders } from './security-headers';

/**
 * GET /metrics behind the guard: `guard.token` in x-barcat-token (the page), `metricsToken` as a Bearer
 * (a scraper): the web host's route and the app's port.
 */
export function answerMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  core: Pick<Core, 'metrics'>,
  guard: Omit<GuardOptions, 'contentType' | 'bearer'>,
  metricsToken: string,
): void {
  const text = (status: number, body: string): void => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${body}\n`);
  };
  if (req.method !== 'GET') {
    text(405, 'use GET for /metrics');
    return;
  }
  const refusal = refuseApiRequest(req, { ...guard, contentType: null, bearer: metricsToken });
  if (refusal) {
    text(refusal.status, refusal.message);
    return;
  }
  core.metrics().then(
    (m) => {
      res.writeHead(200, { 'content-type': m.contentType, 'cache-control': 'no-store' }).end(m.body);
    },
    (err: unknown) => text(500, `metrics could not be read: ${(err as Error).message}`),
  );
}

/**
 * The app's opt-in /metrics endpoint on 127.0.0.1 (Settings → Metrics port): only GET /metrics, with
 * the web host's guard (loopback Host, no foreign page, the token as a Bearer or x-barcat-token header).
 */
export async function startMetricsServer(
  core: Pick<Core, 'metrics'>,
  opts: { port: number; token: string },
): Promise<{ port: number; close(): Promise<void> }> {
  const host = '127.0.0.1';
  let port = opts.port;
  const server = createServer((req, res) => {
    setSecurityHeaders(res);
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (!hostAllowed(req, host, port))
      res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden: unexpected Host header\n');
    else if (url.pathname !== '/metrics')
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: only /metrics is served here\n');
    else answerMetrics(req, res, core, { token: opts.token, boundHost: host, port }, opts.token);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
