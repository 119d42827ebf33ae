// Setting and removing schedules from the app: the catalog's shared settings file is changed under its
// lock (a `barcat schedule add` at the same moment is kept), then the scheduler looks at once.
import type { CommandOutput, ParsedInput } from '../../../src-shared/contract';
import { freeScheduleId, type ScheduleRule } from '../../../src-shared/domain/job-kinds/schedule';
import { seriesId } from '../../../src-shared/domain/series';
import { requireCalendar } from '../../engines/calendars/index';
import { dropGroup, putGroup, scheduleOfGroup } from '../../engines/schedule/groups';
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
  checkRule(ctx, input.rule);
  let id = input.id ?? '';
  await editSharedSettings(catalog.dir, (s) => {
    const existing = s.schedules.find((x) => x.id === input.id);
    if (existing) {
      // A group's schedule is edited as one (setGroupSchedule): never quietly turned into a series'.
      if ('group' in existing.target) throw aGroupSchedule(existing.id);
      // A changed rule starts afresh: its first due time counts from now.
      existing.rule = input.rule;
      existing.target = target;
      existing.createdAt = ctx.now();
      return;
    }
    id = input.id ?? freeScheduleId(target, s.schedules);
    s.schedules.push({ id, target, rule: input.rule, createdAt: ctx.now() });
  });
  return savedView(ctx, id);
}

/**
 * A group schedule from the app: the group's filter and its schedule saved in one locked edit, so a
 * crash or a refusal never leaves a group without its schedule. Editing may rename the group: the old
 * one goes when nothing else updates it.
 */
export async function setGroupSchedule(
  ctx: CoreContext,
  input: ParsedInput<'setGroupSchedule'>,
): Promise<CommandOutput<'setGroupSchedule'>> {
  checkRule(ctx, input.rule);
  const target = { group: input.group.name };
  let id = input.id ?? '';
  await editSharedSettings(ctx.catalogs.get().dir, (s) => {
    const existing = input.id === undefined ? undefined : s.schedules.find((x) => x.id === input.id);
    if (input.id !== undefined && !existing) throw noSchedule(input.id);
    if (!existing) {
      putGroup(s, input.group, { replace: false });
      id = freeScheduleId(target, s.schedules);
      s.schedules.push({ id, target, rule: input.rule, createdAt: ctx.now() });
      return;
    }
    const before = 'group' in existing.target ? existing.target.group : null;
    if (before === null) throw notAGroupSchedule(existing.id);
    // Another group of the new name is never overwritten; the schedule's own group is.
    putGroup(s, input.group, { replace: before === input.group.name });
    existing.target = target;
    existing.rule = input.rule;
    existing.createdAt = ctx.now();
    if (before !== input.group.name && !scheduleOfGroup(s, before)) dropGroup(s, before);
  });
  return savedView(ctx, id);
}

export async function removeGroupSchedule(ctx: CoreContext, id: string): Promise<{ groupRemoved: boolean }> {
  let groupRemoved = false;
  await editSharedSettings(ctx.catalogs.get().dir, (s) => {
    const i = s.schedules.findIndex((x) => x.id === id);
    const target = s.schedules[i]?.target;
    if (!target) throw noSchedule(id);
    if (!('group' in target)) throw notAGroupSchedule(id);
    s.schedules.splice(i, 1);
    if (scheduleOfGroup(s, target.group)) return;
    dropGroup(s, target.group);
    groupRemoved = true;
  });
  ctx.bus.emit('schedulesChanged', {});
  return { groupRemoved };
}

function checkRule(ctx: CoreContext, rule: ScheduleRule): void {
  if (rule.kind === 'session-close') requireCalendar(rule.calendar, ctx.catalogs.get().dir);
}

const noSchedule = (id: string) =>
  new BarcatError('NOT_FOUND', `no schedule "${id}"`, { reason: 'no_schedule', id });
const notAGroupSchedule = (id: string) =>
  new BarcatError('BAD_INPUT', `schedule "${id}" updates one series, not a group`, {
    reason: 'not_a_group_schedule',
    id,
  });

const aGroupSchedule = (id: string) =>
  new BarcatError('BAD_INPUT', `schedule "${id}" updates a group: edit it under Group schedules`, {
    reason: 'a_group_schedule',
    id,
  });

/** The scheduler looks at once (a due schedule runs now) and the renderer re-reads; the saved view. */
async function savedView(ctx: CoreContext, id: string) {
  ctx.schedules.poke();
  ctx.bus.emit('schedulesChanged', {});
  const view = (await ctx.schedules.views()).views.find((v) => v.schedule.id === id);
  if (!view) throw new BarcatError('INTERNAL', `schedule ${id} was not saved`);
  return view;
}

export async function removeSchedule(ctx: CoreContext, id: string): Promise<Record<string, never>> {
  await editSharedSettings(ctx.catalogs.get().dir, (s) => {
    const i = s.schedules.findIndex((x) => x.id === id);
    if (i < 0) throw noSchedule(id);
    s.schedules.splice(i, 1);
  });
  ctx.bus.emit('schedulesChanged', {});
  return {};
}
