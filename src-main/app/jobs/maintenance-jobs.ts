import {
  type MaintenanceKind,
  type MaintenanceResult,
  quarantinedCount,
} from '../../../src-shared/domain/job';
import type { MaintenanceProgress, MaintenanceRequest } from '../../engines/catalog/index';
import { lockWaitFromEnv, recoverFromDeadWorker } from '../../engines/catalog/index';
import { BarcatError, toWireError } from '../../plumbing/errors';
import { workerFile } from '../../plumbing/workers/locate';
import { WorkerPool } from '../../plumbing/workers/pool';
import type { CoreContext } from '../core/context';

const TITLES: Record<MaintenanceKind, string> = {
  verify: 'Verify catalog',
  rebuild: 'Rebuild manifests',
};

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** One plain-words line for the jobs panel: what was found, and what to do about it. */
export function maintenanceMessage(r: MaintenanceResult): string {
  const parts: string[] = [];
  if (r.stopped)
    parts.push(
      `Stopped after ${plural(r.partitionsChecked, 'partition file')}; every manifest is consistent. Run it again to finish.`,
    );
  else if (r.kind === 'verify')
    parts.push(
      quarantinedCount(r) === 0
        ? `All ${plural(r.partitionsChecked, 'partition file')} in ${plural(r.series, 'series', 'series')} are intact.`
        : `${r.ok.toLocaleString('en-US')} of ${plural(r.partitionsChecked, 'partition file')} intact.`,
    );
  else
    parts.push(
      `${plural(r.manifestsWritten, 'manifest')} rebuilt from ${plural(r.ok, 'partition file')}; ${plural(r.seriesChanged.length, 'series', 'series')} changed.`,
    );
  const quarantined = quarantinedCount(r);
  if (quarantined > 0)
    parts.push(
      `${plural(quarantined, 'file')} moved to .quarantine (nothing deleted); the bars in ${quarantined === 1 ? 'it' : 'them'} now show as gaps: backfill or re-import those ranges.`,
    );
  if (r.brokenManifests.length > 0)
    parts.push(`${plural(r.brokenManifests.length, 'manifest')} could not be read: run "Rebuild manifests".`);
  return parts.join(' ');
}

/** Each finding on one line, ready to copy. */
export function problemLines(r: MaintenanceResult): string[] {
  const unlisted = quarantinedCount(r) - r.quarantined.length;
  return [
    ...r.quarantined.map((q) => `${q.file}: ${q.reason} (moved to ${q.movedTo})`),
    ...(unlisted > 0
      ? [`…and ${plural(unlisted, 'more file')} in .quarantine, each with its reason in a .why.txt beside it`]
      : []),
    ...r.brokenManifests,
  ];
}

/**
 * Runs verify or rebuild of the open catalog as a job in its own worker thread, which takes the
 * writer lock like any writer. Series whose availability changed are announced when it ends.
 */
export function startMaintenanceJob(ctx: CoreContext, kind: MaintenanceKind): string {
  const busy = ctx.jobs
    .list()
    .find((j) => (j.kind === 'verify' || j.kind === 'rebuild') && j.state === 'running');
  if (busy)
    throw new BarcatError(
      'LOCKED',
      `"${busy.title}" is still running; wait for it to finish or cancel it in Jobs`,
    );
  const catalog = ctx.catalogs.get();
  const dir = catalog.dir;
  const job = ctx.jobs.start(kind, TITLES[kind], 'partitions');
  const run = async () => {
    const pool = new WorkerPool<MaintenanceRequest, MaintenanceResult, MaintenanceProgress>(
      workerFile('maintenance'),
      1,
    );
    try {
      const result = await pool
        .call(
          { kind, dir, lockWaitMs: lockWaitFromEnv() },
          { signal: job.signal, onProgress: (p) => job.progress(p.done, p.total) },
        )
        .catch(async (err: unknown) => {
          // A dead worker cannot release the catalog lock it held: free it and clean what it left.
          await recoverFromDeadWorker(dir, err);
          throw err;
        });
      job.update({ maintenance: result, problems: problemLines(result), seriesIds: result.seriesChanged });
      if (result.seriesChanged.length > 0) {
        ctx.bus.emit('seriesChanged', { ids: result.seriesChanged });
        ctx.quality.request(catalog, result.seriesChanged, job.note);
      }
      job.finish(result.stopped ? 'cancelled' : 'done', maintenanceMessage(result));
    } finally {
      await pool.close();
    }
  };
  run().catch((err: unknown) => {
    const e = toWireError(err);
    job.finish(e.code === 'CANCELLED' ? 'cancelled' : 'failed', e.message);
  });
  return job.id;
}
