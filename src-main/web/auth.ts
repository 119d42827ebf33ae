import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'barcat_token';
export const TOKEN_HEADER = 'x-barcat-token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === TOKEN_COOKIE) return v.join('=');
  }
  return undefined;
}

/** Where the request carried the token: in the URL (first visit), a header (api calls) or the cookie. */
export function tokenSource(
  req: IncomingMessage,
  url: URL,
  token: string,
): 'query' | 'header' | 'cookie' | null {
  const q = url.searchParams.get('token');
  if (q && same(q, token)) return 'query';
  const h = req.headers[TOKEN_HEADER];
  if (typeof h === 'string' && same(h, token)) return 'header';
  const c = cookieToken(req);
  if (c && same(c, token)) return 'cookie';
  return null;
}

/** Refuses requests addressed to another host name (DNS rebinding): only loopback names and the bound host. */
export function hostAllowed(req: IncomingMessage, boundHost: string, port: number): boolean {
  const host = req.headers.host;
  if (!host) return false;
  const allowed = new Set([
    `127.0.0.1:${port}`,
    `localhost:${port}`,
    `[::1]:${port}`,
    `${boundHost}:${port}`,
  ]);
  return allowed.has(host.toLowerCase());
}
