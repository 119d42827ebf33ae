import { DEFAULT_IBKR_SERIES, type IbCandidate, type IbkrSeries } from '../../../src-shared/domain/ibkr';
import type { ProviderName } from '../../../src-shared/domain/job';
import { type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import { BarcatError } from '../../plumbing/errors';
import type { CoreContext } from '../core/context';
import { appBaseUrls } from '../core/engines';

/**
 * Stores the provider of a series (null: none) and announces the change. With ibkr, the series' IB
 * settings are stored with it: the ones given, else those it had, else IB's defaults, so the series'
 * details always show what its jobs will ask for.
 */
export async function setSeriesProvider(
  ctx: CoreContext,
  key: SeriesKey,
  provider: ProviderName | null,
  ibkr?: IbkrSeries,
): Promise<{ id: string; provider: ProviderName | null; ibkr?: IbkrSeries }> {
  const catalog = ctx.catalogs.get();
  // Throws NOT_FOUND for a series that does not exist: setting a provider never creates one.
  const a = await catalog.availability(key);
  if (!catalog.setProvider) throw new BarcatError('USAGE', 'this catalog is read-only');
  if (ibkr && provider !== 'ibkr')
    throw new BarcatError('BAD_INPUT', 'Interactive Brokers settings go only with provider ibkr', {
      reason: 'IBKR_SETTINGS_WITHOUT_IBKR',
    });
  const settings = provider === 'ibkr' ? (ibkr ?? a.ibkr ?? DEFAULT_IBKR_SERIES) : undefined;
  await catalog.setProvider(key, provider, settings);
  const id = seriesId(key);
  ctx.bus.emit('seriesChanged', { ids: [id] });
  return { id, provider, ...(settings ? { ibkr: settings } : {}) };
}

/** The IB contracts the series could mean (any conId), with its kind and expiry, through the app's TWS. */
export async function ibkrContracts(ctx: CoreContext, key: SeriesKey): Promise<IbCandidate[]> {
  const catalog = ctx.catalogs.get();
  const a = await catalog.availability(key);
  const baseUrl = (await appBaseUrls(ctx, catalog.dir))('ibkr');
  const { ibkrCandidates } = await import('../../engines/providers/ibkr/index');
  try {
    return await ibkrCandidates(baseUrl, key.venue, key.symbol, a.ibkr);
  } catch (err) {
    const reason = (err as { reason?: string }).reason;
    throw new BarcatError('PROVIDER', (err as Error).message, reason ? { reason } : undefined);
  }
}
