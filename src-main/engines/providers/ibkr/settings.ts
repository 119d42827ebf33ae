// Where TWS / IB Gateway listens and how a series is asked for, from the base URL
// `tws://HOST:PORT?clientId=N[&conId=..][&whatToShow=..][&useRTH=0|1]` (the CLI builds it from flags).
import { ProviderRefusal } from '../errors';
import type { Endpoint } from './connection';

export const WHAT_TO_SHOW = ['TRADES', 'MIDPOINT', 'BID', 'ASK', 'ADJUSTED_LAST'] as const;
export type WhatToShow = (typeof WHAT_TO_SHOW)[number];

/** TWS live 7496, paper 7497; IB Gateway live 4001, paper 4002. */
export const IB_PORTS = [7496, 7497, 4001, 4002] as const;
export const DEFAULT_IB_URL = 'tws://127.0.0.1:7497?clientId=17';

export interface IbSettings extends Endpoint {
  /** A contract pinned for the series (after an ambiguous answer); 0: resolve by symbol and venue. */
  conId: number;
  whatToShow: WhatToShow;
  /** Regular trading hours only (default) or extended hours too. */
  useRth: boolean;
}

function wholeNumber(value: string, key: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ProviderRefusal(
      `Interactive Brokers setting ${key}="${value}" must be a whole number ${min}..${max}`,
    );
  return n;
}

export function parseIbUrl(raw: string): IbSettings {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ProviderRefusal(`Interactive Brokers address "${raw}" is not a URL; write ${DEFAULT_IB_URL}`);
  }
  if (url.protocol !== 'tws:')
    throw new ProviderRefusal(
      `Interactive Brokers address "${raw}" must start with tws://, as in ${DEFAULT_IB_URL}`,
    );
  const q = url.searchParams;
  const what = (q.get('whatToShow') ?? 'TRADES').toUpperCase();
  if (!(WHAT_TO_SHOW as readonly string[]).includes(what))
    throw new ProviderRefusal(
      `Interactive Brokers setting whatToShow="${what}" must be one of ${WHAT_TO_SHOW.join(', ')}`,
    );
  const rth = q.get('useRTH') ?? '1';
  if (rth !== '0' && rth !== '1')
    throw new ProviderRefusal(`Interactive Brokers setting useRTH="${rth}" must be 0 or 1`);
  return {
    host: url.hostname || '127.0.0.1',
    port: url.port ? wholeNumber(url.port, 'port', 1, 65535) : 7497,
    clientId: wholeNumber(q.get('clientId') ?? '17', 'clientId', 0, 2 ** 31 - 1),
    conId: wholeNumber(q.get('conId') ?? '0', 'conId', 0, 2 ** 31 - 1),
    whatToShow: what as WhatToShow,
    useRth: rth === '1',
  };
}

/** The base URL for CLI flags --ib-host, --ib-port, --ib-client-id (absent ones keep the defaults). */
export function ibUrlFromFlags(host?: string, port?: string, clientId?: string): string {
  const d = parseIbUrl(DEFAULT_IB_URL);
  if (port !== undefined && !/^[0-9]{1,5}$/.test(port))
    throw new ProviderRefusal(
      `--ib-port "${port}" must be a port number: ${IB_PORTS.join(', ')} (TWS live, TWS paper, IB Gateway live, IB Gateway paper)`,
    );
  const url = `tws://${host ?? d.host}:${port ?? d.port}?clientId=${encodeURIComponent(clientId ?? String(d.clientId))}`;
  parseIbUrl(url);
  return url;
}
