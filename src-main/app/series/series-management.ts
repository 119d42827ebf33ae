import { seriesId } from '../../../src-shared/domain/series';
import { fetchRange, seriesProvider, seriesRequestSettings } from '../../engines/backfill/index';
import type { Catalog } from '../../engines/catalog/index';
import {
  acceptRefetch,
  compareRefetch,
  discardRefetch,
  dropFinding,
  type QualityState,
  qualityState,
  reviewFinding,
  undoWithFixes,
  unreviewFinding,
} from '../../engines/quality/index';
import { refuseScheduled } from '../../engines/schedule/refuse-scheduled';
import { BarcatError } from '../../plumbing/errors';
import type { CoreContext, Handlers } from '../core/context';
import { appBaseUrls, providerKeys } from '../core/engines';
import { keyOf } from '../core/series-key';

type ManagementHandlers = Pick<
  Handlers,
  | 'seriesHistory'
  | 'undoLastWrite'
  | 'deleteSeries'
  | 'listTrash'
  | 'restoreFromTrash'
  | 'emptyTrash'
  | 'seriesFindings'
  | 'reviewFinding'
  | 'unreviewFinding'
  | 'dropFinding'
  | 'refetchCompare'
  | 'refetchAccept'
  | 'refetchDiscard'
>;

const BY = 'app';

function need<T>(fn: T | undefined): T {
  if (!fn) throw new BarcatError('USAGE', 'this catalog is read-only');
  return fn;
}

const findingsOf = (s: QualityState) => ({ findings: s.findings, open: s.open });

/** Undo, history, trash and quality fixes: every one a catalog operation that announces what it changed. */
export function seriesManagementHandlers(ctx: CoreContext): ManagementHandlers {
  const catalog = (): Catalog => ctx.catalogs.get();
  const changed = (...ids: string[]) => {
    // The series list caches findings counts: each of these actions changes them.
    ctx.quality.forget(ids.map((id) => seriesId(keyOf(id))));
    ctx.bus.emit('seriesChanged', { ids });
    ctx.bus.emit('qualityChanged', { ids });
  };
  return {
    seriesHistory: async ({ id }) => {
      const c = catalog();
      return { generations: await need(c.history?.bind(c))(keyOf(id)) };
    },
    undoLastWrite: async ({ id }) => {
      const { undo } = await undoWithFixes(catalog(), keyOf(id), BY);
      changed(id);
      return undo;
    },
    deleteSeries: async ({ id }) => {
      const c = catalog();
      await refuseScheduled(c.dir, keyOf(id));
      const entry = await need(c.deleteSeries?.bind(c))(keyOf(id), { source: BY });
      changed(id);
      return entry;
    },
    listTrash: async () => {
      const c = catalog();
      return need(c.listTrash?.bind(c))();
    },
    restoreFromTrash: async ({ trashId }) => {
      const c = catalog();
      const entry = await need(c.restoreFromTrash?.bind(c))(trashId, { source: BY });
      changed(entry.series);
      return entry;
    },
    emptyTrash: async ({ trashId }) => {
      const c = catalog();
      return need(c.emptyTrash?.bind(c))(trashId, { source: BY });
    },
    seriesFindings: async ({ id }) => findingsOf(await qualityState(catalog(), keyOf(id))),
    reviewFinding: async ({ id, findingId, note }) => {
      const s = await reviewFinding(catalog(), keyOf(id), findingId, note, BY);
      changed(id);
      return findingsOf(s);
    },
    unreviewFinding: async ({ id, findingId }) => {
      const s = await unreviewFinding(catalog(), keyOf(id), findingId, BY);
      changed(id);
      return findingsOf(s);
    },
    dropFinding: async ({ id, findingId, reason }) => {
      const s = await dropFinding(catalog(), keyOf(id), findingId, reason ?? 'dropped in the app', BY);
      changed(id);
      return { ...findingsOf(s), dropped: s.dropped };
    },
    refetchCompare: async ({ id, findingId }) => {
      const key = keyOf(id);
      const c = catalog();
      const a = await c.availability(key);
      const provider = seriesProvider(key, a.provider);
      if (!provider)
        throw new BarcatError('BAD_INPUT', `series ${id} has no provider to re-fetch from`, {
          reason: 'no_provider',
          series: id,
        });
      // Reached and keyed as every other request of the app: Settings, then the catalog's settings file.
      const baseUrl = (await appBaseUrls(ctx, c.dir))(provider);
      const getKey = await providerKeys((name) => ctx.settings.provider(name).key, c.dir);
      const comparison = await compareRefetch(
        c,
        key,
        findingId,
        async (k, range) =>
          (
            await fetchRange(k, range, {
              provider,
              ...(baseUrl ? { baseUrl } : {}),
              getKey,
              ...seriesRequestSettings(provider, a),
            })
          ).bars,
      );
      return { ...comparison, provider };
    },
    refetchAccept: async ({ token }) => {
      const s = await acceptRefetch(catalog(), token, BY);
      const id = s.report.series;
      changed(id);
      return {
        ...findingsOf(s),
        write: { added: s.write.added, replaced: s.write.replaced, removed: s.write.removed },
      };
    },
    refetchDiscard: async ({ token }) => {
      discardRefetch(token);
      return {};
    },
  };
}
