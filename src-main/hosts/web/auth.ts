import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_HEADER = 'x-barcat-token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The token must come in the header: a cookie would also go to every other server on 127.0.0.1
 * (browsers do not separate cookies by port), and a page on another origin cannot set the header.
 */
export function hasToken(req: IncomingMessage, token: string): boolean {
  const h = req.headers[TOKEN_HEADER];
  return typeof h === 'string' && same(h, token);
}

/**
 * For /metrics only: a Prometheus scraper sends `Authorization: Bearer TOKEN` (its standard
 * `authorization` setting). Never a query parameter: URLs end up in logs and scrape configs' targets.
 */
export function hasBearerToken(req: IncomingMessage, token: string): boolean {
  const m = /^Bearer ([^\s]+)$/.exec(req.headers.authorization ?? '');
  return m !== null && same(m[1]!, token);
}

/** The `host:port` names this server answers to: loopback names and the bound host. */
export function ownHosts(boundHost: string, port: number): Set<string> {
  const bound = boundHost.includes(':') ? `[${boundHost}]` : boundHost;
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${bound}:${port}`]);
}

/** Refuses requests addressed to another host name (DNS rebinding): only loopback names and the bound host. */
export function hostAllowed(req: IncomingMessage, boundHost: string, port: number): boolean {
  const host = req.headers.host;
  return host !== undefined && ownHosts(boundHost, port).has(host.toLowerCase());
}
