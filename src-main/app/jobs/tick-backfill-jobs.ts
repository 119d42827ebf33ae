import type { TickBackfillStart } from '../../../src-shared/domain/ticks';
import type { TickBackfillSummary } from '../../engines/backfill/ticks/dukascopy-backfill';
import { callTickBackfill, checkTickBackfill } from '../../engines/backfill/ticks/tick-backfill-call';
import { toWireError } from '../../plumbing/errors';
import type { CoreContext } from '../core/context';
import { refusePageServer } from '../core/upload-paths';

const hourText = (t: number) => `${new Date(t).toISOString().slice(0, 13).replace('T', ' ')}h`;
const span = (r: { from: number; to: number }) => `${hourText(r.from)}..${hourText(r.to)}`;

/** The job's line: what was asked, stored, found empty; the bars built. */
function tickBackfillMessage(s: TickBackfillSummary): string {
  const parts = [
    `${s.ticksWritten.toLocaleString('en-US')} ticks written from ${s.hoursWithTicks} of ${s.hoursPlanned} hours asked (${s.hoursPresent} already present)`,
  ];
  if (s.checkedEmpty.length > 0) parts.push(`${s.checkedEmpty.length} empty spans recorded`);
  if (s.missing.length > 0) parts.push(`${s.missing.length} spans not served yet, asked again next time`);
  if (s.parked.length > 0) parts.push(`${s.parked.length} hours failed: start it again to ask for them`);
  if (s.bars)
    parts.push(
      `${s.bars.series}: ${s.bars.written.added} bars added, ${s.bars.written.replaced} replaced (${s.bars.source})`,
    );
  return parts.join('; ');
}

/** One line per span the job did not store, ready to copy. */
function problemLines(s: TickBackfillSummary): string[] {
  return [
    ...s.parked.map((p) => `${span(p.range)}: ${p.error}`),
    ...s.missing.map((m) => `${span(m)}: not served by Dukascopy (HTTP 404); asked again next time`),
  ];
}

/**
 * Dukascopy quote ticks (and bars built from them) as a job of the one registry, run in its own
 * worker thread by the same call `barcat backfill DUKASCOPY:...` makes. Cancel keeps what was written;
 * starting it again is the resume: it asks only the hours neither stored nor checked empty.
 */
export function startTickBackfillJob(ctx: CoreContext, asked: TickBackfillStart): string {
  refusePageServer(ctx.uploadDir, asked.baseUrl);
  // Not typed in the dialog: the server of the settings file (a mirror, a test stand-in), else Dukascopy's.
  const baseUrl = asked.baseUrl ?? ctx.settings.provider('dukascopy').baseUrl;
  const req: TickBackfillStart = { ...asked, ...(baseUrl ? { baseUrl } : {}) };
  // A mistake (unknown instrument, a base URL of neither shape) is said now, before any job.
  const ids = checkTickBackfill(req);
  const catalog = ctx.catalogs.get();
  const seriesIds = ids.bars ? [ids.ticks, ids.bars] : [ids.ticks];
  const job = ctx.jobs.start('tick-backfill', `Backfill ${ids.ticks} from Dukascopy`, 'hours', seriesIds);
  const run = async () => {
    const s = await callTickBackfill(
      { req, catalogDir: catalog.dir, open: { create: false } },
      { signal: job.signal, onProgress: (p) => job.progress(p.done, p.total) },
    );
    job.update({ problems: problemLines(s) });
    ctx.bus.emit('seriesChanged', { ids: seriesIds });
    if (s.bars) ctx.quality.request(catalog, [s.bars.series], job.note);
    job.finish(s.parked.length > 0 ? 'parked' : 'done', tickBackfillMessage(s));
  };
  run().catch((err: unknown) => {
    const e = toWireError(err);
    // Days already written stay: the tick table shows them.
    ctx.bus.emit('seriesChanged', { ids: seriesIds });
    job.finish(
      e.code === 'CANCELLED' ? 'cancelled' : 'failed',
      e.code === 'CANCELLED'
        ? 'Cancelled; the hours written stay, start it again to fetch the rest'
        : e.message,
    );
  });
  return job.id;
}
