// The cached symbol list per provider: CATALOG/cache/symbols/PROVIDER.json, written atomically,
// refreshed at most daily, and used as it is when the provider cannot be reached (offline).
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { SymbolProviderSchema, SymbolRowSchema } from '../../../../src-shared/domain/job-kinds/keep-current';
import { DAY } from '../../../../src-shared/domain/timeframe';
import { catalogPath, writeFileAtomic } from '../../catalog/index';
import type { GetKey } from '../../providers/types';
import { type OneOffOptions, oneOffGetJson } from '../one-off-call';
import { fetchSymbols, SYMBOLS_BASE_URL } from './fetch';
import type { SymbolList, SymbolProvider } from './types';

const SYMBOLS_MAX_AGE_MS = DAY;

const SymbolListSchema = z.object({
  provider: SymbolProviderSchema,
  fetchedAt: z.number(),
  baseUrl: z.string(),
  symbols: z.array(SymbolRowSchema),
});

function symbolCachePath(catalogDir: string, provider: SymbolProvider): string {
  return catalogPath(catalogDir, 'cache', 'symbols', `${provider}.json`);
}

async function readCache(file: string): Promise<SymbolList | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return SymbolListSchema.parse(JSON.parse(text));
  } catch {
    // A damaged cache is only a cache: it is fetched again (and replaced) rather than trusted.
    return undefined;
  }
}

export interface LoadedSymbols {
  list: SymbolList;
  /** Where it came from this time: the provider, the fresh cache, or an old cache (provider unreachable). */
  from: 'provider' | 'cache' | 'stale-cache';
  /** Why the provider could not be asked (stale-cache only). */
  warning?: string;
}

/** The provider's list: from the cache when fetched from the same base URL in the last day, else fetched. */
export async function loadSymbols(opts: {
  catalogDir: string;
  provider: SymbolProvider;
  baseUrl?: string;
  refresh: boolean;
  now: number;
  getKey: GetKey;
  /** Retry policy and clock of the requests (tests shorten the waits). */
  call?: OneOffOptions;
}): Promise<LoadedSymbols> {
  const baseUrl = (opts.baseUrl ?? SYMBOLS_BASE_URL[opts.provider]).replace(/\/+$/, '');
  const file = symbolCachePath(opts.catalogDir, opts.provider);
  const cached = await readCache(file);
  const usable = cached && cached.baseUrl === baseUrl ? cached : undefined;
  if (usable && !opts.refresh && opts.now - usable.fetchedAt < SYMBOLS_MAX_AGE_MS)
    return { list: usable, from: 'cache' };
  try {
    const getJson = oneOffGetJson(opts.provider, opts.call);
    const symbols = await fetchSymbols(getJson, opts.provider, baseUrl, opts.getKey);
    const list: SymbolList = { provider: opts.provider, fetchedAt: opts.now, baseUrl, symbols };
    await writeFileAtomic(file, JSON.stringify(list));
    return { list, from: 'provider' };
  } catch (err) {
    if (!usable) throw err;
    const age = new Date(usable.fetchedAt).toISOString();
    return {
      list: usable,
      from: 'stale-cache',
      warning: `${opts.provider} could not be reached (${(err as Error).message}); showing the list fetched ${age}`,
    };
  }
}
