import type { IncomingMessage } from 'node:http';
import { hasBearerToken, hasToken, ownHosts } from './auth';

export type RefusalReason = 'FOREIGN_ORIGIN' | 'CROSS_SITE' | 'NO_TOKEN' | 'CONTENT_TYPE';

export interface Refusal {
  status: 403 | 415;
  reason: RefusalReason;
  message: string;
}

export interface GuardOptions {
  token: string;
  boundHost: string;
  port: number;
  /** The media type the route takes (`application/json` for commands); null for GET. */
  contentType: string | null;
  /**
   * The token a scraper sends as `Authorization: Bearer` (the /metrics route): a read-only token of
   * its own, so a scrape config never holds the session token that runs every command.
   */
  bearer?: string;
}

function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Why an /api request is refused, or null. Only our own page may call: a browser names the calling
 * page in Origin and Sec-Fetch-Site (another port on 127.0.0.1 is "same-site", so only
 * "same-origin" passes), the token must be in the header, and the body must have the route's
 * non-form media type, which no cross-origin page can send without a CORS preflight we never grant.
 * Clients outside a browser send neither Origin nor Sec-Fetch-Site and are held by the token.
 */
export function refuseApiRequest(req: IncomingMessage, opts: GuardOptions): Refusal | null {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const own = [...ownHosts(opts.boundHost, opts.port)].map((h) => `http://${h}`);
    if (!own.includes(origin.toLowerCase()))
      return {
        status: 403,
        reason: 'FOREIGN_ORIGIN',
        message: `refused: the request came from another page (${origin}); only the Barcat page may call the web host`,
      };
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin')
    return {
      status: 403,
      reason: 'CROSS_SITE',
      message: `refused: the browser marked the request as ${site}; only the Barcat page may call the web host`,
    };
  if (!hasToken(req, opts.token) && !(opts.bearer !== undefined && hasBearerToken(req, opts.bearer)))
    return {
      status: 403,
      reason: 'NO_TOKEN',
      message:
        'refused: the request carried no valid token; open the URL the web host printed (it carries the token)',
    };
  if (opts.contentType !== null && mediaType(req) !== opts.contentType)
    return {
      status: 415,
      reason: 'CONTENT_TYPE',
      message: `refused: the body must be sent as ${opts.contentType}, not "${mediaType(req) || 'none'}"`,
    };
  return null;
}
