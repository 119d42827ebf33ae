// A renamed series keeps being kept current: the schedules naming its old id name the new one. Groups are
// filters, never rewritten for one series (that would change them for others): the groups it leaves or
// joins by its new name are reported instead.
import { inGroup, type SharedSettings } from '../../../src-shared/domain/job-kinds/schedule';
import { type SeriesKey, seriesId } from '../../../src-shared/domain/series';

export interface SeriesSettingsFollow {
  /** Ids of the schedules that now update the new id. */
  schedulesMoved: string[];
  /** Groups that matched the old name and not the new one (their schedules no longer update it). */
  groupsLeft: string[];
  /** Groups that match the new name and did not match the old one. */
  groupsJoined: string[];
}

/** Moves the schedules of `from` to `to` in `s`; `provider` is the one the series updates from. */
export function retargetSeries(
  s: SharedSettings,
  from: SeriesKey,
  to: SeriesKey,
  provider: string | null,
): SeriesSettingsFollow {
  const schedulesMoved: string[] = [];
  for (const x of s.schedules)
    if ('series' in x.target && x.target.series === seriesId(from)) {
      x.target = { series: seriesId(to) };
      schedulesMoved.push(x.id);
    }
  const before = new Set(s.groups.filter((g) => inGroup(g, { ...from, provider })).map((g) => g.name));
  const after = new Set(s.groups.filter((g) => inGroup(g, { ...to, provider })).map((g) => g.name));
  return {
    schedulesMoved,
    groupsLeft: [...before].filter((n) => !after.has(n)),
    groupsJoined: [...after].filter((n) => !before.has(n)),
  };
}
