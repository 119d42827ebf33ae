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
  if (typeof value !== 'string' || !/^https?:\/\/[^\s]+$/.test(value))
    throw new BarcatError('USAGE', `--base-url "${String(value)}" is not an http(s) URL`);
  return value;
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
