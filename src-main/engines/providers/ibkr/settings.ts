// Where TWS / IB Gateway listens, from the base URL `tws://HOST:PORT?clientId=N` (the CLI builds it from
// flags). What a series asks IB for (whatToShow, useRTH, conId, futures) is the series' own setting.
import { DEFAULT_IBKR_SERIES, type IbkrSeries } from '../../../../src-shared/domain/ibkr';
import { ProviderRefusal } from '../errors';
import type { Endpoint } from './connection';

export { IB_WHAT_TO_SHOW as WHAT_TO_SHOW } from '../../../../src-shared/domain/ibkr';

/** TWS live 7496, paper 7497; IB Gateway live 4001, paper 4002. */
export const IB_PORTS = [7496, 7497, 4001, 4002] as const;
export const DEFAULT_IB_URL = 'tws://127.0.0.1:7497?clientId=17';

/** Where TWS listens, and what the series asks for. */
export interface IbSettings extends Endpoint, IbkrSeries {}

/** Query keys that were once in the base URL and are series settings now: where to set each. */
const SERIES_KEYS: Record<string, string> = {
  conid: '--con-id',
  whattoshow: '--what-to-show',
  userth: '--rth',
};

function wholeNumber(value: string, key: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ProviderRefusal(
      `Interactive Brokers setting ${key}="${value}" must be a whole number ${min}..${max}`,
    );
  return n;
}

export function parseIbUrl(raw: string): Endpoint {
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
  for (const k of q.keys()) {
    const flag = SERIES_KEYS[k.toLowerCase()];
    if (flag)
      throw new ProviderRefusal(
        `Interactive Brokers address "${raw}": ${k} is a setting of each series now, not of the address; remove it and set it in the series' details (CLI: ${flag})`,
      );
  }
  return {
    host: url.hostname || '127.0.0.1',
    port: url.port ? wholeNumber(url.port, 'port', 1, 65535) : 7497,
    clientId: wholeNumber(q.get('clientId') ?? '17', 'clientId', 0, 2 ** 31 - 1),
  };
}

/** The endpoint of a base URL with the series' settings (IB's defaults when the series has none). */
export function ibSettings(baseUrl: string | undefined, series: IbkrSeries | undefined): IbSettings {
  return { ...parseIbUrl(baseUrl ?? DEFAULT_IB_URL), ...(series ?? DEFAULT_IBKR_SERIES) };
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
