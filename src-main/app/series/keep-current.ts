// The app's "Add series", "Update to now" and "Extend history": the engine code `barcat symbols`,
// `barcat add` and `barcat update` run, with the app's provider settings and its one job registry.
import type { CommandOutput, ParsedInput } from '../../../src-shared/contract';
import { seriesId } from '../../../src-shared/domain/series';
import { BarcatError } from '../../plumbing/errors';
import type { CoreContext } from '../core/context';
import { appBaseUrls, providerKeys } from '../core/engines';
import { keyOf } from '../core/series-key';

const keys = (ctx: CoreContext) =>
  providerKeys((name) => ctx.settings.provider(name).key, ctx.catalogs.get().dir);

export async function searchSymbols(
  ctx: CoreContext,
  input: ParsedInput<'searchSymbols'>,
): Promise<CommandOutput<'searchSymbols'>> {
  if (input.provider === 'ibkr') {
    // IB has no list to cache: TWS is asked each time.
    const { ibkrSymbols } = await import('../../engines/providers/ibkr/index');
    const symbols = await ibkrSymbols((await appBaseUrls(ctx))('ibkr'), input.query).catch((err: Error) => {
      const reason = (err as { reason?: string }).reason;
      throw new BarcatError('PROVIDER', err.message, reason ? { reason } : undefined);
    });
    return { symbols, fetchedAt: ctx.now(), warning: null };
  }
  const { loadSymbols } = await import('../../engines/backfill/symbols/cache');
  const { searchSymbols: search } = await import('../../engines/backfill/symbols/search');
  const loaded = await loadSymbols({
    catalogDir: ctx.catalogs.get().dir,
    provider: input.provider,
    // Alpaca's assets are on its trading API, not at the data URL a user sets.
    baseUrl: input.provider === 'alpaca' ? undefined : (await appBaseUrls(ctx))(input.provider),
    refresh: input.refresh === true,
    now: ctx.now(),
    getKey: await keys(ctx),
  });
  return {
    symbols: search(loaded.list.symbols, input.query),
    fetchedAt: loaded.list.fetchedAt,
    warning: loaded.warning ?? null,
  };
}

export async function addSeries(
  ctx: CoreContext,
  input: ParsedInput<'addSeries'>,
): Promise<CommandOutput<'addSeries'>> {
  const { addSeries: add } = await import('../../engines/backfill/keep-current/add');
  const catalog = ctx.catalogs.get();
  const { key, job } = await add(
    { catalog, catalogDir: catalog.dir, svc: await ctx.backfill(), getKey: await keys(ctx), now: ctx.now() },
    {
      provider: input.provider,
      symbol: input.symbol,
      timeframe: input.timeframe,
      from: input.from,
      ...(input.to !== undefined ? { to: input.to } : {}),
      baseUrl: (await appBaseUrls(ctx))(input.provider),
      ...(input.ibkr ? { ibkr: input.ibkr } : {}),
    },
  );
  const id = seriesId(key);
  // The series exists (provider recorded) before its first bar: the table shows it at once.
  ctx.bus.emit('seriesChanged', { ids: [id] });
  return { id, jobId: job.id };
}

/** Each series one backfill job, one after another (they share the provider budget and the writer). */
export async function updateSeries(
  ctx: CoreContext,
  input: ParsedInput<'updateSeries'>,
): Promise<CommandOutput<'updateSeries'>> {
  const { seriesWithProvider, updateMany } = await import('../../engines/backfill/keep-current/update');
  const catalog = ctx.catalogs.get();
  const ids = input.ids ?? (await seriesWithProvider(catalog)).map(seriesId);
  const parsed = ids.map(keyOf);
  const outcomes = await updateMany(
    {
      catalog,
      svc: await ctx.backfill(),
      getKey: await keys(ctx),
      now: ctx.now(),
      baseUrlFor: await appBaseUrls(ctx),
    },
    parsed,
    input.mode,
  );
  return outcomes.map((o) => ({
    series: o.series,
    provider: o.provider,
    status: o.status,
    range: o.range,
    jobId: o.job?.id ?? null,
    barsWritten: o.job?.progress.barsWritten ?? 0,
    message: o.message,
  }));
}
