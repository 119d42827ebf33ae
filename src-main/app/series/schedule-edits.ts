// Setting and removing schedules from the app: the catalog's shared settings file is changed under its
// lock (a `barcat schedule add` at the same moment is kept), then the scheduler looks at once.
import type { CommandOutput, ParsedInput } from '../../../src-shared/contract';
import { freeScheduleId } from '../../../src-shared/domain/job-kinds/schedule';
import { seriesId } from '../../../src-shared/domain/series';
import { requireCalendar } from '../../engines/calendars/index';
import { editSharedSettings } from '../../engines/schedule/settings-file';
import { BarcatError } from '../../plumbing/errors';
import type { CoreContext } from '../core/context';
import { keyOf } from '../core/series-key';

export async function setSchedule(
  ctx: CoreContext,
  input: ParsedInput<'setSchedule'>,
): Promise<CommandOutput<'setSchedule'>> {
  const catalog = ctx.catalogs.get();
  let target = input.target;
  if ('series' in target) {
    const key = keyOf(target.series);
    await catalog.availability(key); // an unknown series is refused, never scheduled
    target = { series: seriesId(key) };
  }
  if (input.rule.kind === 'session-close') requireCalendar(input.rule.calendar, catalog.dir);
  let id = input.id ?? '';
  await editSharedSettings(catalog.dir, (s) => {
    const existing = s.schedules.find((x) => x.id === input.id);
    if (existing) {
      // A changed rule starts afresh: its first due time counts from now.
      existing.rule = input.rule;
      existing.target = target;
      existing.createdAt = ctx.now();
      return;
    }
    id = input.id ?? freeScheduleId(target, s.schedules);
    s.schedules.push({ id, target, rule: input.rule, createdAt: ctx.now() });
  });
  ctx.schedules.poke();
  ctx.bus.emit('schedulesChanged', {});
  const view = (await ctx.schedules.views()).views.find((v) => v.schedule.id === id);
  if (!view) throw new BarcatError('INTERNAL', `schedule ${id} was not saved`);
  return view;
}

export async function removeSchedule(ctx: CoreContext, id: string): Promise<Record<string, never>> {
  await editSharedSettings(ctx.catalogs.get().dir, (s) => {
    const i = s.schedules.findIndex((x) => x.id === id);
    if (i < 0) throw new BarcatError('NOT_FOUND', `no schedule "${id}"`);
    s.schedules.splice(i, 1);
  });
  ctx.bus.emit('schedulesChanged', {});
  return {};
}
