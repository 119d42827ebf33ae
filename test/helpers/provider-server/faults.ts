import type { Fault, FaultKind, Reply } from './types';

/** Faults waiting to hit the next matching requests, in the order they were injected. */
export class FaultQueue {
  private pending: { fault: Fault; left: number }[] = [];

  add(fault: Fault): void {
    this.pending.push({ fault, left: fault.times ?? 1 });
  }

  clear(): void {
    this.pending = [];
  }

  take(path: string): Fault | undefined {
    const entry = this.pending.find((p) => !p.fault.pathPrefix || path.startsWith(p.fault.pathPrefix));
    if (!entry) return undefined;
    entry.left--;
    if (entry.left <= 0) this.pending.splice(this.pending.indexOf(entry), 1);
    return entry.fault;
  }
}

const STATUS_BODIES: Partial<Record<FaultKind, { status: number; code: number; msg: string }>> = {
  '429': { status: 429, code: -1003, msg: 'Too much request weight used; please use WebSocket Streams.' },
  '418': { status: 418, code: -1003, msg: 'Way too much request weight used; IP banned until later.' },
  '500': { status: 500, code: -1000, msg: 'An unknown error occurred while processing the request.' },
  '503': { status: 503, code: -1008, msg: 'Server is currently overloaded with other requests.' },
  '403': { status: 403, code: 0, msg: 'Forbidden' },
  '451': {
    status: 451,
    code: 0,
    msg: 'Service unavailable from a restricted location according to b. Eligibility in https://www.binance.com/en/terms.',
  },
  '400': { status: 400, code: -1100, msg: 'Illegal characters found in a parameter.' },
};

/** The reply for a status-type fault, or undefined for transport faults (slow, reset, truncated). */
export function faultReply(fault: Fault): Reply | undefined {
  if (fault.kind === 'reply') return fault.reply;
  const spec = STATUS_BODIES[fault.kind];
  if (!spec) return undefined;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (spec.status === 429 || spec.status === 418 || spec.status === 503)
    headers['retry-after'] = String(fault.retryAfterSec ?? 1);
  if (spec.status === 403)
    return {
      status: 403,
      headers: { 'content-type': 'text/html' },
      body: '<html><body>403 Forbidden</body></html>',
    };
  return { status: spec.status, headers, body: JSON.stringify({ code: spec.code, msg: spec.msg }) };
}
