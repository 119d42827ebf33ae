import type { Command } from '../../command';
import { writeAnswer } from '../../io/answer';
import { withReadCatalog } from '../../io/open';
import { PROVIDER_OPTIONS, stringOptions } from '../../io/option-groups';

const USAGE =
  'schedule list [--json] | schedule add (SERIES | --group NAME) (--every MIN | --hourly MINUTE | --daily HH:MM --tz ZONE | --after-close [--calendar NAME] [--delay MIN]) [--id ID] | schedule remove ID | schedule run-due [--base-url URL] [--rate N] [--json]';

export const scheduleCommand: Command = {
  name: 'schedule',
  summary: 'Keep series current on a schedule; run-due (for cron) runs what is due now, then exits',
  usage: USAGE,
  options: {
    ...stringOptions('group', 'every', 'hourly', 'daily', 'tz', 'calendar', 'delay', 'id'),
    'after-close': { type: 'boolean' },
    ...PROVIDER_OPTIONS,
  },
  async run({ values, positionals, catalogDir, json, io }) {
    const { BarcatError } = await import('../../../../plumbing/errors');
    const usage = `usage: barcat ${USAGE}`;
    const [action, arg, ...rest] = positionals;
    if (rest.length > 0) throw new BarcatError('USAGE', `unexpected "${rest[0]}"; ${usage}`);
    const { readSharedSettings, editSharedSettings } = await import(
      '../../../../engines/schedule/settings-file'
    );
    const { scheduleViews } = await import('../../../../engines/schedule/run-due');
    const { findCalendar } = await import('../../../../engines/calendars/index');
    const { cliNow } = await import('../../backfill/keep-current-args');
    const { schedulesText } = await import('../../schedule/render');
    const calendars = (name: string) => findCalendar(name, catalogDir);
    const now = cliNow(io.env);

    if (action === 'list' || action === undefined) {
      const views = await scheduleViews(catalogDir, await readSharedSettings(catalogDir), calendars, now);
      writeAnswer(io, json, views, () => schedulesText(views));
      return 0;
    }
    if (action === 'add') {
      const { parseRule, parseTarget, scheduleId } = await import('../../schedule/rule-args');
      const { requireCalendar } = await import('../../../../engines/calendars/index');
      const { parseSeriesId } = await import('../../../../../src-shared/domain/series');
      const target = parseTarget(
        arg,
        values.group as string | undefined,
        await readSharedSettings(catalogDir),
        usage,
      );
      let seriesCalendar: string | null = null;
      if ('series' in target) {
        // The series must exist; "after each session close" defaults to its own calendar.
        const series = parseSeriesId(target.series);
        seriesCalendar = (await withReadCatalog(catalogDir, (c) => c.availability(series))).calendar;
      }
      const rule = parseRule(values, seriesCalendar, usage);
      if (rule.kind === 'session-close') requireCalendar(rule.calendar, catalogDir);
      let added = '';
      const settings = await editSharedSettings(catalogDir, (s) => {
        added = scheduleId(values.id as string | undefined, target, s.schedules);
        s.schedules.push({ id: added, target, rule, createdAt: now });
      });
      const view = (await scheduleViews(catalogDir, settings, calendars, now)).find(
        (v) => v.schedule.id === added,
      )!;
      writeAnswer(io, json, view, () => `added ${schedulesText([view])}`);
      return 0;
    }
    if (action === 'remove') {
      if (!arg) throw new BarcatError('USAGE', `missing schedule ID; ${usage}`);
      await editSharedSettings(catalogDir, (s) => {
        const i = s.schedules.findIndex((x) => x.id === arg);
        if (i < 0)
          throw new BarcatError('NOT_FOUND', `no schedule "${arg}"; "barcat schedule list" shows them`);
        s.schedules.splice(i, 1);
      });
      writeAnswer(io, json, { removed: arg }, () => `removed schedule ${arg}\n`);
      return 0;
    }
    if (action === 'run-due') {
      const { parseBaseUrl, parseRate } = await import('../../backfill/keep-current-args');
      const { openKeepCurrent } = await import('../../schedule/open');
      const { runDue, anyDue } = await import('../../../../engines/schedule/run-due');
      const { runsText } = await import('../../schedule/render');
      const baseUrl = parseBaseUrl(values['base-url']);
      // Nothing due (most runs from cron): the catalog is not opened, the lock not taken.
      if (!(await anyDue(catalogDir, await readSharedSettings(catalogDir), calendars, now))) {
        writeAnswer(io, json, [], () => runsText([]));
        return 0;
      }
      const opened = await openKeepCurrent(catalogDir, io, { baseUrl, rate: parseRate(values.rate) });
      try {
        const runs = await runDue(opened.runDue);
        writeAnswer(io, json, runs, () => runsText(runs));
        return runs.some((r) => r.outcome === 'failed') ? 3 : 0;
      } finally {
        await opened.close();
      }
    }
    throw new BarcatError('USAGE', `unknown schedule action "${action}"; ${usage}`);
  },
};
