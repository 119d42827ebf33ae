import { type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import { recoverFromDeadWorker, refuseBusy } from '../../engines/catalog/index';
import {
  checkRelabel,
  type RelabelCall,
  type RelabelProgress,
  type RenameReport,
} from '../../engines/quality/index';
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
  const catalog = ctx.catalogs.get();
  const { to } = await checkRelabel(catalog, from, timeframe);
  const [fromId, toId] = [seriesId(from), seriesId(to)];
  const dir = catalog.dir;
  // A job on either series (another relabel among them) is said at once, not at the commit.
  refuseBusy(dir, from, 'relabel');
  refuseBusy(dir, to, 'relabel');
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
      if (!r.relabeled) throw new BarcatError('INTERNAL', `the relabel of ${fromId} reported no result`);
      job.update({
        notes: [
          {
            reason: 'relabeled',
            id: toId,
            bars: r.relabeled.bars,
            trashId: r.relabeled.trashId,
            schedulesMoved: r.schedulesMoved,
            healthSettingsMoved: r.healthSettingsMoved,
            groupsLeft: r.groupsLeft,
            groupsJoined: r.groupsJoined,
          },
        ],
      });
      // The note says what happened; the renderer words it (job-notes.ts), the CLI its own way.
      job.finish('done', null);
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
    const noted = typeof d.reason === 'string';
    if (noted) job.update({ notes: [{ reason: 'relabel-refused', code: d.reason as string, fields }] });
    // A refusal is its note (worded by the renderer) and a cancel its state; anything else keeps main's message.
    if (e.code === 'CANCELLED') job.finish('cancelled', null);
    else job.finish('failed', noted ? null : e.message);
  });
  return job.id;
}
