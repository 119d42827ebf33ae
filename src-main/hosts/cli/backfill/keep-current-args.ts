// Arguments shared by `symbols`, `add` and `update`.

import { PROVIDER_NAMES, type ProviderName } from '../../../../src-shared/domain/job';
import { SYMBOL_PROVIDERS, type SymbolProvider } from '../../../engines/backfill/symbols/types';
import { BarcatError } from '../../../plumbing/errors';

export function parseSymbolProvider(name: string, usage: string): SymbolProvider {
  if (!(SYMBOL_PROVIDERS as readonly string[]).includes(name))
    throw new BarcatError(
      'USAGE',
      `unknown provider "${name}": one of ${SYMBOL_PROVIDERS.join(', ')}; usage: barcat ${usage}`,
    );
  return name as SymbolProvider;
}

/** --provider NAME: one of the backfill providers, or undefined when not given. */
export function parseProviderName(value: unknown, usage: string): ProviderName | undefined {
  if (value === undefined) return undefined;
  if (!(PROVIDER_NAMES as readonly unknown[]).includes(value))
    throw new BarcatError(
      'USAGE',
      `--provider must be one of ${PROVIDER_NAMES.join(', ')}; usage: barcat ${usage}`,
    );
  return value as ProviderName;
}

export function parseBaseUrl(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  // tws://HOST:PORT?clientId=N: where TWS / IB Gateway listens (provider ibkr)
  if (typeof value !== 'string' || !/^(https?|tws):\/\/[^\s]+$/.test(value))
    throw new BarcatError('USAGE', `--base-url "${String(value)}" is not an http(s) or tws:// URL`);
  return value;
}

/** Flags naming where TWS / IB Gateway listens (provider ibkr); they build the tws:// base URL. */
export const IB_OPTIONS = {
  'ib-host': { type: 'string' },
  'ib-port': { type: 'string' },
  'ib-client-id': { type: 'string' },
} as const;

/** The base URL from --base-url, or from the --ib-* flags (not both). */
export async function baseUrlWithIb(values: Record<string, unknown>): Promise<string | undefined> {
  const host = values['ib-host'] as string | undefined;
  const port = values['ib-port'] as string | undefined;
  const clientId = values['ib-client-id'] as string | undefined;
  if (host === undefined && port === undefined && clientId === undefined)
    return parseBaseUrl(values['base-url']);
  if (values['base-url'] !== undefined)
    throw new BarcatError(
      'USAGE',
      'give --base-url or the --ib-host/--ib-port/--ib-client-id flags, not both',
    );
  const { ibUrlFromFlags } = await import('../../../engines/providers/ibkr/settings');
  try {
    return ibUrlFromFlags(host, port, clientId);
  } catch (err) {
    throw new BarcatError('USAGE', (err as Error).message);
  }
}

/** "Now" as the CLI sees it: tests move it with BARCAT_NOW (ms), as the backfill service does. */
export function cliNow(env: NodeJS.ProcessEnv): number {
  return env.BARCAT_NOW ? Number(env.BARCAT_NOW) : Date.now();
}

/** --rate N: requests per second instead of the provider's documented budget. */
export function parseRate(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const rate = Number(value);
  if (!(rate > 0))
    throw new BarcatError(
      'USAGE',
      `--rate "${String(value)}" must be a positive number of requests per second`,
    );
  return rate;
}
