// Groups (saved filters) in the shared settings: the one place that adds, replaces and removes them, so
// `barcat group` and the app refuse the same things in the same words.
import type { Group, SharedSettings } from '../../../src-shared/domain/job-kinds/schedule';
import { BarcatError } from '../../plumbing/errors';

/** Adds a group; with `replace`, an existing group of that name takes the new filter. */
export function putGroup(s: SharedSettings, group: Group, opts: { replace: boolean }): void {
  const i = s.groups.findIndex((g) => g.name === group.name);
  if (i < 0) s.groups.push(group);
  else if (opts.replace) s.groups[i] = group;
  else
    throw new BarcatError('BAD_INPUT', `a group "${group.name}" exists; remove it first`, {
      reason: 'group_exists',
      group: group.name,
    });
}

/** The schedule that updates a group, if any (a used group is never removed under it). */
export function scheduleOfGroup(s: SharedSettings, name: string, except?: string) {
  return s.schedules.find((x) => 'group' in x.target && x.target.group === name && x.id !== except);
}

/** Removes a group no schedule updates. */
export function dropGroup(s: SharedSettings, name: string): void {
  const used = scheduleOfGroup(s, name);
  if (used)
    throw new BarcatError(
      'BAD_INPUT',
      `schedule "${used.id}" updates group "${name}"; remove the schedule first`,
      { reason: 'group_in_use', group: name, schedule: used.id },
    );
  const i = s.groups.findIndex((g) => g.name === name);
  if (i < 0)
    throw new BarcatError('NOT_FOUND', `no group "${name}"; "barcat group list" shows them`, {
      reason: 'no_group',
      group: name,
    });
  s.groups.splice(i, 1);
}
