// Keeping series current: "update to now" fetches from the last stored bar to the provider's last
// closed bar; "extend" fetches backwards from the first stored bar to a date or the first bar the
// provider has. Each series is one backfill job of the existing service, run one after another.
import type { BackfillRequest, Job, ProviderName } from '../../../../src-shared/domain/job';
import type { Interval } from '../../../../src-shared/domain/range';
import { type SeriesKey, seriesId } from '../../../../src-shared/domain/series';
import { nextBarStart } from '../../../../src-shared/domain/timeframe';
import { BarcatError } from '../../../plumbing/errors';
import type { Catalog } from '../../catalog/index';
import type { GetKey } from '../../providers/types';
import type { BackfillService } from '../jobs/service';
import type { OneOffOptions } from '../one-off-call';
import { lastClosedEnd } from '../requests/range';
import { seriesProvider, seriesRequestSettings } from '../series-provider';
import { probeFirstBar } from './first-bar';

export type UpdateMode = { kind: 'to-now' } | { kind: 'extend'; to: number | 'all-history' };

export interface UpdateOutcome {
  series: string;
  provider: ProviderName | null;
  /** up-to-date: nothing to fetch, no request sent; skipped: see message; done/failed/cancelled: the job's state. */
  status: 'up-to-date' | 'skipped' | 'error' | Job['state'];
  range: Interval | null;
  job: Job | null;
  message: string | null;
}

export interface UpdateDeps {
  catalog: Catalog;
  svc: Pick<BackfillService, 'plan' | 'start' | 'wait'>;
  getKey: GetKey;
  now: number;
  /** Replaces every provider's base URL (a mirror, a test server). */
  baseUrl?: string;
  /** The provider every series is fetched from (`--provider`), instead of each series' own. */
  provider?: ProviderName;
  /** Each provider's base URL (the app's settings or the shared settings file) where `baseUrl` is not given. */
  baseUrlFor?: (provider: ProviderName) => string | undefined;
  /** Retry policy of the first-bar probe. */
  call?: OneOffOptions;
}

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

/** The series `--all` updates: every one with a provider (its own, else its venue's). */
export async function seriesWithProvider(catalog: Catalog): Promise<SeriesKey[]> {
  const all = await catalog.listSeries();
  return all
    .map((s) => ({ key: { venue: s.venue, symbol: s.symbol, timeframe: s.timeframe }, provider: s.provider }))
    .filter((s) => seriesProvider(s.key, s.provider) !== null)
    .map((s) => s.key);
}

const baseUrlOf = (d: UpdateDeps, provider: ProviderName) => d.baseUrl ?? d.baseUrlFor?.(provider);

/** The range one series needs, or why it needs none. */
async function rangeFor(
  d: UpdateDeps,
  key: SeriesKey,
  provider: ProviderName,
  mode: UpdateMode,
): Promise<{ range: Interval } | { none: 'up-to-date' | 'skipped'; message: string }> {
  const a = await d.catalog.availability(key);
  if (a.first === null || a.last === null)
    return { none: 'skipped', message: 'no bars yet; "barcat add" downloads its history first' };
  if (mode.kind === 'to-now') {
    const from = nextBarStart(a.last, key.timeframe);
    const to = lastClosedEnd(provider, key.timeframe, d.now);
    if (from >= to) return { none: 'up-to-date', message: `up to date (last closed bar ends ${iso(to)})` };
    return { range: { from, to } };
  }
  const from =
    mode.to === 'all-history'
      ? await probeFirstBar(provider, key, baseUrlOf(d, provider), d.getKey, d.now, d.call, a.ibkr)
      : mode.to;
  if (from >= a.first) return { none: 'up-to-date', message: `already reaches back to ${iso(a.first)}` };
  return { range: { from, to: a.first } };
}

/** Updates or extends one series: one backfill job, awaited. Errors of this series are its outcome. */
async function updateSeries(d: UpdateDeps, key: SeriesKey, mode: UpdateMode): Promise<UpdateOutcome> {
  const id = seriesId(key);
  let provider: ProviderName | null = null;
  try {
    const a = await d.catalog.availability(key);
    provider = d.provider ?? seriesProvider(key, a.provider);
    const base = { series: id, provider, range: null, job: null };
    if (!provider) return { ...base, status: 'skipped', message: 'no provider set' };
    const r = await rangeFor(d, key, provider, mode);
    if ('none' in r) return { ...base, status: r.none, message: r.message };
    const baseUrl = baseUrlOf(d, provider);
    const request: BackfillRequest = {
      series: id,
      provider,
      from: r.range.from,
      to: r.range.to,
      ...(baseUrl ? { baseUrl } : {}),
      ...seriesRequestSettings(provider, a),
    };
    // What the range holds already (checked-empty "no data at source") is not asked again.
    if ((await d.svc.plan(request)).requests.length === 0)
      return {
        ...base,
        status: 'up-to-date',
        range: r.range,
        message: 'nothing missing (checked at source)',
      };
    const started = await d.svc.start(request);
    const job = await d.svc.wait(started.id);
    return { ...base, status: job.state, range: r.range, job, message: job.summary?.message ?? null };
  } catch (err) {
    // This series' problem (unknown series, a refusal, a range before the provider's history) is its line.
    if (!(err instanceof BarcatError)) throw err;
    return { series: id, provider, status: 'error', range: null, job: null, message: err.message };
  }
}

/** Series one after another (they share the provider budget and the catalog's one writer). */
export async function updateMany(
  d: UpdateDeps,
  keys: SeriesKey[],
  mode: UpdateMode,
): Promise<UpdateOutcome[]> {
  const out: UpdateOutcome[] = [];
  for (const key of keys) out.push(await updateSeries(d, key, mode));
  return out;
}

export function updateText(outcomes: UpdateOutcome[]): string {
  if (outcomes.length === 0) return 'no series with a provider\n';
  const lines = outcomes.map((o) => {
    const range = o.range ? ` ${iso(o.range.from)} .. ${iso(o.range.to)}` : '';
    const bars = o.job ? `, ${o.job.progress.barsWritten} bars written, job ${o.job.id}` : '';
    const msg = o.message ? `: ${o.message}` : '';
    return `${o.series} ${o.status}${range}${bars}${msg}`;
  });
  return `${lines.join('\n')}\n`;
}
