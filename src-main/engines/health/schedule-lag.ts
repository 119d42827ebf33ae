import type { ScheduleRule } from '../../../src-shared/domain/job-kinds/schedule';
import { parseSeriesId, seriesId } from '../../../src-shared/domain/series';
import { nominalMs } from '../../../src-shared/domain/timeframe';
import type { Catalog } from '../catalog/index';
import { groupSeries } from '../schedule/run-due';
import { readSharedSettings } from '../schedule/settings-file';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

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
export async function scheduleLags(catalog: Catalog): Promise<Map<string, number>> {
  const settings = await readSharedSettings(catalog.dir);
  const out = new Map<string, number>();
  for (const s of settings.schedules) {
    const ids =
      'series' in s.target
        ? [s.target.series]
        : await (async () => {
            const group = settings.groups.find((g) => 'group' in s.target && g.name === s.target.group);
            return group ? (await groupSeries(catalog, group)).map(seriesId) : [];
          })();
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
