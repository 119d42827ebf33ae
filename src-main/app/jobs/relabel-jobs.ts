import { type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import { parseTimeframe } from '../../../src-shared/domain/timeframe';
import { recoverFromDeadWorker } from '../../engines/catalog/index';
import type { RelabelCall, RelabelProgress, RenameReport } from '../../engines/quality/index';
import { BarcatError, toWireError } from '../../plumbing/errors';
import { workerFile } from '../../plumbing/workers/locate';
import { WorkerPool } from '../../plumbing/workers/pool';
import type { CoreContext } from '../core/context';

/**
 * "Change timeframe label" as a job of the one registry, run in its own worker thread: the old series
 * is read a partition at a time (progress in partitions), the new one written in one commit, the old
 * one trashed under the relabel journal. What followed, or why it was refused, is a note the rename
 * form words. Mistakes the request shows (a bad timeframe, the same one, a target that exists) are
 * said at once, before any job.
 */
export async function startRelabelJob(ctx: CoreContext, from: SeriesKey, timeframe: string): Promise<string> {
  const parsed = parseTimeframe(timeframe);
  if ('error' in parsed)
    throw new BarcatError('BAD_INPUT', parsed.error, { reason: 'invalid_name', field: 'timeframe' });
  const to = { ...from, timeframe: parsed.timeframe };
  const [fromId, toId] = [seriesId(from), seriesId(to)];
  if (toId === fromId)
    throw new BarcatError('BAD_INPUT', `series ${fromId} already has timeframe ${to.timeframe}`, {
      reason: 'same_series',
    });
  const catalog = ctx.catalogs.get();
  const listed = await catalog.listSeries();
  if (!listed.some((s) => s.id === fromId)) await catalog.availability(from); // "no such series"
  if (listed.some((s) => s.id === toId))
    throw new BarcatError('DATA', `series ${toId} already exists; choose another timeframe`, {
      reason: 'target_exists',
      series: toId,
    });
  const dir = catalog.dir;
  const job = ctx.jobs.start(
    'relabel',
    `Change the timeframe label of ${fromId} to ${to.timeframe}`,
    'partitions',
    [fromId, toId],
  );
  const run = async () => {
    const pool = new WorkerPool<RelabelCall, RenameReport, RelabelProgress>(workerFile('relabel'), 1);
    try {
      const r = await pool
        .call(
          { dir, from, timeframe: to.timeframe, jobId: job.id, source: 'app' },
          { signal: job.signal, onProgress: (p) => job.progress(p.done, p.total) },
        )
        .catch(async (err: unknown) => {
          // A dead worker cannot release the catalog lock it held: free it and clean what it left.
          await recoverFromDeadWorker(dir, err);
          throw err;
        });
      // Both: views of the old id drop it, views of the new one pick it up.
      ctx.quality.forget([fromId, toId]);
      ctx.bus.emit('seriesChanged', { ids: [fromId, toId] });
      if (r.schedulesMoved.length > 0) ctx.bus.emit('schedulesChanged', {});
      const bars = r.relabeled?.bars ?? 0;
      job.update({
        notes: [
          {
            reason: 'relabeled',
            id: toId,
            bars,
            trashId: r.relabeled?.trashId ?? '',
            schedulesMoved: r.schedulesMoved,
            healthSettingsMoved: r.healthSettingsMoved,
            groupsLeft: r.groupsLeft,
            groupsJoined: r.groupsJoined,
          },
        ],
      });
      job.finish('done', `${bars} bars written as ${toId}; ${fromId} is in the trash`);
    } finally {
      await pool.close();
    }
  };
  run().catch((err: unknown) => {
    const e = toWireError(err);
    const d = (e.details ?? {}) as Record<string, unknown>;
    const fields = Object.fromEntries(
      Object.entries(d).filter((kv): kv is [string, string | number] =>
        ['string', 'number'].includes(typeof kv[1]),
      ),
    );
    if (typeof d.reason === 'string')
      job.update({ notes: [{ reason: 'relabel-refused', code: d.reason, fields }] });
    job.finish(e.code === 'CANCELLED' ? 'cancelled' : 'failed', e.message);
  });
  return job.id;
}
