import type { Command } from '../../command';
import { writeAnswer } from '../../io/answer';
import { READ_OPEN } from '../../io/open';

export const jobsCommand: Command = {
  name: 'jobs',
  summary:
    "List the catalog's jobs of every kind, retry a backfill's parked failures, cancel a backfill, resume a stalled one, or list and retry the dead-letter list",
  usage:
    'jobs [--json] | jobs retry ID [--archive-url URL] | jobs cancel ID | jobs resume ID | jobs dead-letter [--json] | jobs retry-dead [--base-url URL] [--json]',
  options: { 'archive-url': { type: 'string' }, 'base-url': { type: 'string' } },
  async run({ values, positionals, catalogDir, json, io }) {
    const { BarcatError } = await import('../../../../plumbing/errors');
    const { openForCli } = await import('../../backfill/open');
    const { jobsTable } = await import('../../backfill/render');
    const { backfillJobView } = await import('../../../../engines/backfill/jobs/job-view');
    const { jobsDir, listJobFiles, shownView } = await import('../../../../engines/catalog/index');
    const [action, id] = positionals;
    if (action === 'dead-letter' || action === 'retry-dead')
      return (await import('../../schedule/dead-letter-command')).deadLetterCommand(action, {
        catalogDir,
        io,
        json,
        baseUrl: values['base-url'],
      });
    if (action !== undefined && !['retry', 'cancel', 'resume'].includes(action))
      throw new BarcatError('USAGE', `unknown jobs action "${action}"; usage: barcat ${jobsCommand.usage}`);
    if (action && !id) throw new BarcatError('USAGE', `missing job ID; usage: barcat ${jobsCommand.usage}`);
    const { svc, close } = await openForCli(catalogDir, io, {
      archiveBaseUrl: values['archive-url'] as string | undefined,
      open: READ_OPEN,
    });
    try {
      // Jobs the app runs itself (imports, sample data, verify, rebuild): listed here, run only there.
      const appJobs = listJobFiles(jobsDir(catalogDir))
        .filter((f) => f.resume === undefined)
        .map(shownView);
      if (!action) {
        const { isStalled } = await import('../../../../../src-shared/domain/job');
        const { DEFAULT_STALL_MS } = await import('../../../../../src-shared/domain/series-views/health');
        const { cliNow } = await import('../../backfill/keep-current-args');
        const now = cliNow(io.env);
        const views = [...(await svc.list()).map(backfillJobView), ...appJobs]
          .map((v) => (isStalled(v, now, DEFAULT_STALL_MS) ? { ...v, stalled: true } : v))
          .sort((a, b) => b.createdAt - a.createdAt);
        writeAnswer(io, json, views, () => jobsTable(views));
        return 0;
      }
      const appJob = appJobs.find((j) => j.id === id);
      if (appJob)
        throw new BarcatError(
          'USAGE',
          action === 'cancel'
            ? `${appJob.title} (${id}) runs in the app; cancel it in the app's Jobs panel`
            : action === 'resume'
              ? `${appJob.title} (${id}) cannot be resumed; cancel it and start it again`
              : `${appJob.title} (${id}) has no parked failures to retry; start it again`,
        );
      if (action === 'cancel') {
        const cancelled = await svc.cancel(id!);
        io.stdout.write(
          json
            ? `${JSON.stringify({ id, cancelled })}\n`
            : `${cancelled ? 'cancelled' : 'not running, nothing to cancel:'} ${id}\n`,
        );
        return 0;
      }
      const { followJob } = await import('../../backfill/run');
      // resume: a stalled run is stopped and its request started again (only what is missing is asked).
      const job = action === 'resume' ? await svc.restart(id!) : await svc.retryParked(id!);
      return await followJob(svc, job, io, json);
    } finally {
      await close();
    }
  },
};
