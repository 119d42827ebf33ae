import type { Command } from '../../command';
import { writeAnswer } from '../../io/answer';
import { withReadCatalog } from '../../io/open';
import { stringOptions } from '../../io/option-groups';

export const healthCommand: Command = {
  name: 'health',
  summary:
    'Report stale series (in session time), failed or parked updates, stalled jobs, quarantined files and dead locks; exit 1 when any',
  usage:
    'health [--max-lag DURATION] [--json] | health set SERIES [--max-lag DURATION|default] [--notify on|off|default]',
  options: stringOptions('max-lag', 'notify'),
  async run({ values, positionals, catalogDir, json, io }) {
    const { BarcatError } = await import('../../../../plumbing/errors');
    const { parseDuration } = await import('../../../../../src-shared/domain/series-views/health');
    const usage = `usage: barcat ${healthCommand.usage}`;
    const duration = (raw: string) => {
      const ms = parseDuration(raw);
      if (typeof ms !== 'number') throw new BarcatError('USAGE', `--max-lag: ${ms.error}; ${usage}`);
      return ms;
    };
    const maxLag = values['max-lag'] as string | undefined;
    if (positionals[0] === 'set') {
      const { parseSeriesArg } = await import('../../io/args');
      const { seriesId } = await import('../../../../../src-shared/domain/series');
      const key = parseSeriesArg(positionals.slice(1), healthCommand.usage);
      const notify = values.notify as string | undefined;
      if (notify !== undefined && !['on', 'off', 'default'].includes(notify))
        throw new BarcatError('USAGE', `--notify "${notify}" is not on, off or default; ${usage}`);
      if (maxLag === undefined && notify === undefined)
        throw new BarcatError('USAGE', `give --max-lag or --notify; ${usage}`);
      return withReadCatalog(catalogDir, async (catalog) => {
        await catalog.availability(key);
        const { setSeriesHealthSettings } = await import('../../../../engines/health/index');
        const set = await setSeriesHealthSettings(catalogDir, seriesId(key), {
          maxLagMs: maxLag === undefined ? undefined : maxLag === 'default' ? null : duration(maxLag),
          notify: notify === undefined ? undefined : notify === 'default' ? null : notify === 'on',
        });
        io.stdout.write(`${JSON.stringify({ series: seriesId(key), ...set })}\n`);
        return 0;
      });
    }
    if (positionals.length > 0)
      throw new BarcatError('USAGE', `unexpected argument "${positionals[0]}"; ${usage}`);
    if (values.notify !== undefined)
      throw new BarcatError('USAGE', `--notify goes with "health set"; ${usage}`);
    const maxLagMs = maxLag === undefined ? undefined : duration(maxLag);
    const { healthReport } = await import('../../../../engines/health/index');
    const { cliNow } = await import('../../backfill/keep-current-args');
    const { healthText } = await import('../../health/words');
    // Opened without recovery: a dead writer's lock is reported as found, not broken by the check.
    return withReadCatalog(
      catalogDir,
      async (catalog) => {
        const report = await healthReport(catalog, { now: cliNow(io.env), maxLagMs });
        writeAnswer(io, json, report, () => healthText(report));
        return report.healthy ? 0 : 1;
      },
      { recover: false },
    );
  },
};
