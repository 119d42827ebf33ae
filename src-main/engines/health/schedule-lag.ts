import type { ScheduleRule, SharedSettings } from '../../../src-shared/domain/job-kinds/schedule';
import { parseSeriesId, seriesId } from '../../../src-shared/domain/series';
import type { SeriesSummary } from '../../../src-shared/domain/series-views/availability';
import { DAY, MINUTE, nominalMs } from '../../../src-shared/domain/timeframe';
import { seriesOfGroup } from '../schedule/run-due';

/** How far apart a schedule's runs are (session closes: a trading day). */
function intervalMs(rule: ScheduleRule): number {
  switch (rule.kind) {
    case 'every':
      return rule.minutes * MINUTE;
    case 'hourly':
      return 60 * MINUTE;
    default:
      return DAY;
  }
}

/**
 * The lag each scheduled series may have: its schedule's interval plus one bar (the last bar is
 * stamped at its open); the tightest schedule wins. Series without a schedule are absent.
 */
export function scheduleLags(settings: SharedSettings, series: SeriesSummary[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of settings.schedules) {
    const target = s.target;
    const group = 'group' in target ? settings.groups.find((g) => g.name === target.group) : undefined;
    const ids =
      'series' in target ? [target.series] : group ? seriesOfGroup(series, group).map(seriesId) : [];
    for (const id of ids) {
      let barMs: number;
      try {
        barMs = nominalMs(parseSeriesId(id).timeframe);
      } catch {
        continue; // a schedule naming no valid series is the schedule's own problem (it fails to run)
      }
      const allowed = intervalMs(s.rule) + barMs;
      out.set(id, Math.min(out.get(id) ?? Number.POSITIVE_INFINITY, allowed));
    }
  }
  return out;
}
