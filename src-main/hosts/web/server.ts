import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EVENT_NAMES } from '../../../src-shared/contract';
import { fail, ok, type Result } from '../../../src-shared/wire';
import type { Core } from '../../app/create-core';
import { toWireError } from '../../plumbing/errors';
import { hostAllowed, newToken } from './auth';
import { answerMetrics } from './metrics-server';
import { refuseApiRequest } from './request-guard';
import { setSecurityHeaders } from './security-headers';
import { serveStatic } from './static-files';
import { saveUpload } from './upload';

export interface WebHostOptions {
  core: Core;
  rendererDir: string;
  uploadDir: string;
  host?: string;
  port?: number;
  token: string;
  /**
   * The read-only token a scraper sends to /metrics as a Bearer (the session token is not taken as
   * one); a fresh one when not given.
   */
  metricsToken?: string;
  /** Largest upload accepted, in bytes (4 GB unless a test sets a small one). */
  maxUploadBytes?: number;
}

export interface WebHost {
  /** The URL to open, token included. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_JSON_BYTES = 16 * 1024 * 1024;

/** Each /api route's method and body type; a body type is never one a plain HTML form can send. */
const ROUTES = {
  command: { method: 'POST', contentType: 'application/json' },
  upload: { method: 'POST', contentType: 'application/octet-stream' },
  events: { method: 'GET', contentType: null },
} as const;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BYTES) throw new Error('request body is larger than 16 MB');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.trim() === '' ? {} : JSON.parse(text);
}

function sendJson(res: ServerResponse, status: number, body: Result<unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

/** Serves the built renderer and the contract (POST /api/<command>, events as SSE on /api/events). */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const host = opts.host ?? '127.0.0.1';
  const metricsToken = opts.metricsToken ?? newToken();
  const sockets = new Set<ServerResponse>();
  let port = 0;

  const unsubscribe = opts.core.events.subscribe((name, payload) => {
    const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const s of sockets) s.write(frame);
  });

  const server = createServer((req, res) => {
    setSecurityHeaders(res);
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, fail(toWireError(err)));
      else res.destroy();
    });
  });

  /** An /api route: its method, then the guard (own page, token, body type), then the work. */
  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const route =
      url.pathname === '/api/events' ? 'events' : url.pathname === '/api/upload' ? 'upload' : 'command';
    const { method, contentType } = ROUTES[route];
    if (req.method !== method) {
      sendJson(res, 405, fail({ code: 'USAGE', message: `use ${method} for ${url.pathname}` }));
      return;
    }
    const refusal = refuseApiRequest(req, { token: opts.token, boundHost: host, port, contentType });
    if (refusal) {
      sendJson(
        res,
        refusal.status,
        fail({ code: 'USAGE', message: refusal.message, details: { reason: refusal.reason } }),
      );
      return;
    }
    if (route === 'events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(`: events ${EVENT_NAMES.join(' ')}\n\n`);
      sockets.add(res);
      req.on('close', () => sockets.delete(res));
      return;
    }
    if (route === 'upload') {
      try {
        const file = await saveUpload(
          req,
          opts.uploadDir,
          url.searchParams.get('batch') ?? '',
          url.searchParams.get('name') ?? '',
          opts.maxUploadBytes,
        );
        sendJson(res, 200, ok({ path: file }));
      } catch (err) {
        const wire = toWireError(err);
        const reason = (wire.details as { reason?: unknown } | undefined)?.reason;
        // The rest of a refused body is not read: close the connection rather than drain it.
        res.setHeader('connection', 'close');
        sendJson(res, reason === 'TOO_LARGE' ? 413 : 400, fail(wire));
      }
      return;
    }
    let input: unknown;
    try {
      input = await readJson(req);
    } catch (err) {
      sendJson(
        res,
        400,
        fail({ code: 'BAD_INPUT', message: `request body is not JSON: ${(err as Error).message}` }),
      );
      return;
    }
    const result = await opts.core.dispatch(url.pathname.slice(5), input);
    sendJson(res, result.ok ? 200 : result.error.code === 'USAGE' ? 404 : 200, result);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (!hostAllowed(req, host, port)) {
      res.writeHead(403).end('forbidden: unexpected Host header');
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      await handleApi(req, res, url);
      return;
    }
    if (url.pathname === '/metrics') {
      answerMetrics(req, res, opts.core, { token: opts.token, boundHost: host, port }, metricsToken);
      return;
    }
    // The renderer build needs no token: it is public and holds no data, and the page must load
    // before it can read its token from the URL.
    if (req.method === 'GET' && serveStatic(opts.rendererDir, url.pathname, res)) return;
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${opts.token}`,
    port,
    close: async () => {
      unsubscribe();
      for (const s of sockets) s.end();
      sockets.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
