// Arguments shared by `symbols`, `add` and `update`.

import {
  DEFAULT_IBKR_SERIES,
  IB_SEC_TYPES,
  IB_WHAT_TO_SHOW,
  type IbkrSeries,
  IbkrSeriesSchema,
} from '../../../../src-shared/domain/ibkr';
import { PROVIDER_NAMES, type ProviderName } from '../../../../src-shared/domain/job';
import { SEARCH_PROVIDERS } from '../../../../src-shared/domain/job-kinds/keep-current';
import { SYMBOL_PROVIDERS, type SymbolProvider } from '../../../engines/backfill/symbols/types';
import { BarcatError } from '../../../plumbing/errors';
import type { IB_SERIES_OPTIONS } from './ib-options';

/** A provider with a symbol list; `ibkr` (asked through TWS) is taken before this by its callers. */
export function parseSymbolProvider(name: string, usage: string): SymbolProvider {
  if (!(SYMBOL_PROVIDERS as readonly string[]).includes(name))
    throw new BarcatError(
      'USAGE',
      `unknown provider "${name}": one of ${SEARCH_PROVIDERS.join(', ')}; usage: barcat ${usage}`,
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

const IB_SERIES_FLAGS: Record<keyof typeof IB_SERIES_OPTIONS, keyof IbkrSeries> = {
  'what-to-show': 'whatToShow',
  rth: 'useRth',
  'con-id': 'conId',
  'sec-type': 'secType',
  expiry: 'expiry',
};

/**
 * The series' IB settings with the flags given applied over `base` (the stored ones, else IB's
 * defaults); undefined when no flag is given. --sec-type STK drops an expiry, --con-id 0 a chosen contract.
 */
export function ibSeriesFromFlags(
  values: Record<string, unknown>,
  provider: ProviderName,
  base: IbkrSeries | undefined,
): IbkrSeries | undefined {
  const given = (Object.keys(IB_SERIES_FLAGS) as (keyof typeof IB_SERIES_OPTIONS)[]).filter(
    (f) => values[f] !== undefined,
  );
  if (given.length === 0) return undefined;
  if (provider !== 'ibkr')
    throw new BarcatError(
      'USAGE',
      `--${given[0]} is an Interactive Brokers setting; it goes with provider ibkr`,
    );
  const v = (f: keyof typeof IB_SERIES_OPTIONS) => values[f] as string | undefined;
  const next: Record<string, unknown> = { ...(base ?? DEFAULT_IBKR_SERIES) };
  if (v('what-to-show') !== undefined) next.whatToShow = v('what-to-show')!.toUpperCase();
  if (v('rth') !== undefined) {
    const r = v('rth')!.toLowerCase();
    if (r !== 'yes' && r !== 'no')
      throw new BarcatError('USAGE', `--rth "${v('rth')}" must be yes (regular trading hours only) or no`);
    next.useRth = r === 'yes';
  }
  if (v('con-id') !== undefined) {
    if (!/^[0-9]{1,10}$/.test(v('con-id')!))
      throw new BarcatError(
        'USAGE',
        `--con-id "${v('con-id')}" must be the contract's conId, a whole number`,
      );
    next.conId = Number(v('con-id'));
  }
  if (v('sec-type') !== undefined) {
    next.secType = v('sec-type')!.toUpperCase();
    if (next.secType !== 'FUT') delete next.expiry;
  }
  if (v('expiry') !== undefined) next.expiry = v('expiry');
  const parsed = IbkrSeriesSchema.safeParse(next);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0]);
    const flag = Object.entries(IB_SERIES_FLAGS).find(([, k]) => k === key)?.[0] ?? key;
    const allowed =
      key === 'whatToShow'
        ? ` (one of ${IB_WHAT_TO_SHOW.join(', ')})`
        : key === 'secType'
          ? ` (one of ${IB_SEC_TYPES.join(', ')})`
          : '';
    throw new BarcatError('USAGE', `--${flag}: ${issue.message}${allowed}`);
  }
  return parsed.data;
}

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
