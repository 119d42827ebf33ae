import type { Command } from '../command';

export const jobsCommand: Command = {
  name: 'jobs',
  summary: "List backfill jobs, retry one's parked failures, or cancel one",
  usage: 'jobs [--json] | jobs retry ID [--archive-url URL] | jobs cancel ID',
  options: { 'archive-url': { type: 'string' } },
  async run({ values, positionals, catalogDir, json, io }) {
    const { BarcatError } = await import('../../errors');
    const { openForCli } = await import('../../backfill/cli/open');
    const { READ_OPEN } = await import('../../catalog/cli/open');
    const { jobsTable } = await import('../../backfill/cli/render');
    const [action, id] = positionals;
    if (action !== undefined && action !== 'retry' && action !== 'cancel')
      throw new BarcatError('USAGE', `unknown jobs action "${action}"; usage: barcat ${jobsCommand.usage}`);
    if (action && !id) throw new BarcatError('USAGE', `missing job ID; usage: barcat ${jobsCommand.usage}`);
    const { svc, close } = await openForCli(catalogDir, io, {
      archiveBaseUrl: values['archive-url'] as string | undefined,
      open: READ_OPEN,
    });
    try {
      if (!action) {
        const jobs = await svc.list();
        io.stdout.write(json ? `${JSON.stringify(jobs, null, 2)}\n` : jobsTable(jobs));
        return 0;
      }
      if (action === 'cancel') {
        const cancelled = await svc.cancel(id!);
        io.stdout.write(
          json
            ? `${JSON.stringify({ id, cancelled })}\n`
            : `${cancelled ? 'cancelled' : 'not running, nothing to cancel:'} ${id}\n`,
        );
        return 0;
      }
      const { followJob } = await import('../../backfill/cli/run');
      const job = await svc.retryParked(id!);
      return await followJob(svc, job, io, json);
    } finally {
      await close();
    }
  },
};
