// Runs the schedules that are due now, each as "update to now" of its series, under the catalog's update
// lock: the app's scheduler and `barcat schedule run-due` (cron) never update one series at once.

import {
  backoffMs,
  inGroup,
  type Schedule,
  type ScheduleState,
  type ScheduleView,
  type SharedSettings,
  stateFor,
} from '../../../src-shared/domain/job-kinds/schedule';
import { parseSeriesId, type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import type { SeriesSummary } from '../../../src-shared/domain/series-views/availability';
import { BarcatError } from '../../plumbing/errors';
import { type UpdateDeps, type UpdateOutcome, updateMany } from '../backfill/keep-current/update';
import { takeUpdateLock } from '../backfill/keep-current/update-lock';
import { seriesProvider } from '../backfill/series-provider';
import type { Catalog } from '../catalog/index';
import { type CalendarLookup, isDue, scheduleView } from './due';
import { readScheduleStates, writeScheduleStates } from './state-file';

export interface ScheduleRun {
  id: string;
  series: string[];
  outcome: 'ok' | 'failed';
  outcomes: UpdateOutcome[];
  /** The first failing series and why; null when ok. */
  error: string | null;
  state: ScheduleState;
}

/** Runs one schedule's update; the app wraps it in a job of its registry, the CLI calls it as is. */
export type RunOne = (
  s: Schedule,
  keys: SeriesKey[],
  run: () => Promise<UpdateOutcome[]>,
) => Promise<UpdateOutcome[]>;

export interface RunDueDeps {
  catalogDir: string;
  settings: SharedSettings;
  calendars: CalendarLookup;
  /** Everything updateMany needs but "now", which is read at the start of the run. */
  update: Omit<UpdateDeps, 'now'>;
  now: () => number;
  runOne?: RunOne;
  /** Told after each schedule's state is saved (the app tells the renderer). */
  onSaved?: (run: ScheduleRun) => void;
}

/** The series a schedule updates now: its one series, or the group's series at this moment. */
export async function scheduleSeries(
  catalog: Catalog,
  settings: SharedSettings,
  s: Schedule,
): Promise<SeriesKey[]> {
  if ('series' in s.target) {
    try {
      return [parseSeriesId(s.target.series)];
    } catch (err) {
      throw new BarcatError('BAD_INPUT', `schedule ${s.id}: ${(err as Error).message}`);
    }
  }
  const name = s.target.group;
  const group = settings.groups.find((g) => g.name === name);
  if (!group) throw new BarcatError('NOT_FOUND', `no group "${name}" in the settings file`);
  return groupSeries(catalog, group);
}

/** Series of a group: the filter is matched against every series and the provider it updates from. */
export async function groupSeries(
  catalog: Catalog,
  group: SharedSettings['groups'][number],
): Promise<SeriesKey[]> {
  return seriesOfGroup(await catalog.listSeries(), group);
}

/** The series of a group among those listed (a caller holding the list need not read the manifests again). */
export function seriesOfGroup(all: SeriesSummary[], group: SharedSettings['groups'][number]): SeriesKey[] {
  return all
    .map((s) => ({ key: { venue: s.venue, symbol: s.symbol, timeframe: s.timeframe }, provider: s.provider }))
    .filter((s) => inGroup(group, { ...s.key, provider: seriesProvider(s.key, s.provider) }))
    .map((s) => s.key);
}

const BAD: ReadonlySet<UpdateOutcome['status']> = new Set(['failed', 'error', 'parked', 'cancelled']);

/** The state after a run: success clears the back-off; a failure backs off exponentially (capped). */
export function afterRun(prev: ScheduleState, at: number, error: string | null): ScheduleState {
  if (error === null)
    return { lastRunAt: at, lastOutcome: 'ok', lastError: null, failures: 0, backoffUntil: null };
  const failures = prev.failures + 1;
  return {
    lastRunAt: at,
    lastOutcome: 'failed',
    lastError: error,
    failures,
    backoffUntil: at + backoffMs(failures),
  };
}

/** Every schedule with its state and next run. */
export async function scheduleViews(
  catalogDir: string,
  settings: SharedSettings,
  calendars: CalendarLookup,
  now: number,
): Promise<ScheduleView[]> {
  const states = await readScheduleStates(catalogDir);
  return settings.schedules.map((s) => scheduleView(s, stateFor(states, s), calendars, now));
}

/** True when some schedule is due now: without one, run-due neither opens a service nor takes the lock. */
export async function anyDue(
  catalogDir: string,
  settings: SharedSettings,
  calendars: CalendarLookup,
  now: number,
): Promise<boolean> {
  return (await scheduleViews(catalogDir, settings, calendars, now)).some((v) => isDue(v, now));
}

/**
 * Runs each due schedule once (`only`: these ids, due or not: a retry), one after another, saving
 * each one's state as it ends. Throws LOCKED when another update holds the catalog.
 */
export async function runDue(d: RunDueDeps, only?: readonly string[]): Promise<ScheduleRun[]> {
  if (!only && !(await anyDue(d.catalogDir, d.settings, d.calendars, d.now()))) return [];
  const release = await takeUpdateLock(d.catalogDir);
  try {
    const states = await readScheduleStates(d.catalogDir);
    const runs: ScheduleRun[] = [];
    for (const s of d.settings.schedules) {
      const prev = stateFor(states, s);
      const now = d.now();
      const wanted = only ? only.includes(s.id) : isDue(scheduleView(s, prev, d.calendars, now), now);
      if (!wanted) continue;
      let outcomes: UpdateOutcome[] = [];
      let keys: SeriesKey[] = [];
      let error: string | null = null;
      try {
        keys = await scheduleSeries(d.update.catalog, d.settings, s);
        const run = () => updateMany({ ...d.update, now }, keys, { kind: 'to-now' });
        outcomes = await (d.runOne ? d.runOne(s, keys, run) : run());
        const bad = outcomes.find((o) => BAD.has(o.status));
        if (bad) error = `${bad.series} ${bad.status}${bad.message ? `: ${bad.message}` : ''}`;
      } catch (err) {
        if (!(err instanceof BarcatError)) throw err;
        error = err.message;
      }
      const state = afterRun(prev, now, error);
      states[s.id] = state;
      await writeScheduleStates(d.catalogDir, states);
      const done: ScheduleRun = {
        id: s.id,
        series: keys.map(seriesId),
        outcome: error ? 'failed' : 'ok',
        outcomes,
        error,
        state,
      };
      runs.push(done);
      d.onSaved?.(done);
    }
    return runs;
  } finally {
    await release();
  }
}
