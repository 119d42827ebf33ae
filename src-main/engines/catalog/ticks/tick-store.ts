import { promises as fs } from 'node:fs';
import type { CheckedEmpty, Interval } from '../../../../src-shared/domain/range';
import { type TickKey, TickKeySchema, tickSeriesId } from '../../../../src-shared/domain/tick-key';
import type { TickDay } from '../../../../src-shared/domain/ticks';
import { BarcatError } from '../../../plumbing/errors';
import { defaultCalendarName, requireCalendar } from '../../calendars/index';
import { loadParquetLibs } from '../parquet/libs';
import { addCheckedEmpty } from '../read/checked-empty';
import { inThreadReader, type SharedReader } from '../read/partition-decoder';
import type { SessionCalendar } from '../types';
import { createStagingDir, removeStagingDir, type StagingArea } from '../write/staging';
import { sliceTicks, type TickBatch } from './tick-batch';
import { commitTicks, type TickCommitOptions, type TickWriteResult } from './tick-commit';
import { tickDays } from './tick-coverage';
import { dayBoundsUs, tickDate, tickManifestPath } from './tick-layout';
import { emptyTickManifest, readTickManifest, type TickManifest, writeTickManifest } from './tick-manifest';
import { queryTickRange, scanTickRange } from './tick-read';
import { type StagedTicks, stageTicks } from './tick-stage';
import { sweepTickSeries } from './tick-sweep';
import { readAllTickManifests } from './tick-verify';

/** One tick series as listings show it (times in µs UTC). */
export interface TickSeriesSummary {
  id: string;
  venue: string;
  symbol: string;
  kind: TickKey['kind'];
  ticks: number;
  first: number | null;
  last: number | null;
  days: number;
  calendar: string;
  /** UTC days between the first and the last with a session and no ticks. */
  gapDays: string[];
  lastWrite: TickManifest['lastWrite'];
}

type Locked = <T>(fn: () => Promise<T>, signal?: AbortSignal) => Promise<T>;

/**
 * Tick storage beside the bars, through the same catalog: the same writer lock, staging area,
 * checksums, verify and quarantine. A bulk writer (the tick import, a provider) stages each UTC
 * day's ticks (stage, in any thread: stageTicks), then commits them in one go (commit); `write`
 * does both for ticks in memory.
 */
export class TickStore {
  constructor(
    private readonly root: string,
    private readonly locked: Locked,
    /** Decodes tick files for query and scan: the catalog's decoder, on this thread and a worker. */
    private readonly read: SharedReader = inThreadReader,
  ) {}

  /** A staging area for stageTicks; discard it (discardStagingArea) whether or not it committed. */
  async stagingArea(): Promise<StagingArea> {
    return { dir: await createStagingDir(this.root), compression: 'zstd' };
  }

  async commit(
    key: TickKey,
    area: StagingArea,
    staged: readonly StagedTicks[],
    opts: TickCommitOptions & { calendar?: string } = {},
  ): Promise<TickWriteResult> {
    const k = checkTickKey(key);
    await loadParquetLibs();
    const calendar = opts.calendar ? requireCalendar(opts.calendar, this.root).name : undefined;
    return this.locked(async () => {
      let m = await readTickManifest(this.root, k);
      await sweepTickSeries(this.root, k, m);
      const created = !m;
      if (!m) {
        // Committed before any tick file, so files of a crashed first write are recognizably uncommitted.
        m = emptyTickManifest(k, calendar ?? defaultCalendarName(k.venue));
        await writeTickManifest(this.root, m);
      } else if (calendar) m = { ...m, calendar };
      try {
        return await commitTicks(this.root, area, k, m, staged, opts);
      } catch (err) {
        if (created) await fs.rm(tickManifestPath(this.root, k), { force: true });
        throw err;
      }
    }, opts.signal);
  }

  /** Writes sorted ticks held in memory: staged day by day, then committed in one go. */
  async write(key: TickKey, ticks: TickBatch, opts: TickCommitOptions & { calendar?: string } = {}) {
    await loadParquetLibs();
    const area = await this.stagingArea();
    try {
      const staged: StagedTicks[] = [];
      for (let start = 0; start < ticks.length; ) {
        const { to } = dayBoundsUs(tickDate(ticks.ts[start]!));
        let end = start;
        while (end < ticks.length && ticks.ts[end]! < to) end++;
        staged.push(...(await stageTicks(area, key, sliceTicks(ticks, start, end))));
        start = end;
      }
      return await this.commit(key, area, staged, opts);
    } finally {
      await removeStagingDir(area.dir);
    }
  }

  /** Records ranges (ms) a provider found without any tick (an empty hour file): they are no gap. */
  async recordCheckedEmpty(
    key: TickKey,
    ranges: CheckedEmpty[],
    opts: { calendar?: string } = {},
  ): Promise<void> {
    const k = checkTickKey(key);
    if (ranges.length === 0) return;
    const calendar = opts.calendar ? requireCalendar(opts.calendar, this.root).name : undefined;
    await this.locked(async () => {
      const m =
        (await readTickManifest(this.root, k)) ??
        emptyTickManifest(k, calendar ?? defaultCalendarName(k.venue));
      await writeTickManifest(this.root, { ...m, checkedEmpty: addCheckedEmpty(m.checkedEmpty, ranges) });
    });
  }

  /** The checked key and its manifest; NOT_FOUND for an unknown series. */
  private async existing(key: TickKey): Promise<{ k: TickKey; m: TickManifest }> {
    const k = checkTickKey(key);
    const m = await readTickManifest(this.root, k);
    if (!m)
      throw new BarcatError(
        'NOT_FOUND',
        `no tick series ${tickSeriesId(k)} in ${this.root}; "barcat list" shows what there is`,
      );
    return { k, m };
  }

  /** Ranges (ms) a provider found without ticks; none for a series not written yet. */
  async checkedEmpty(key: TickKey): Promise<CheckedEmpty[]> {
    return (await readTickManifest(this.root, checkTickKey(key)))?.checkedEmpty ?? [];
  }

  /** Per range (ms): whether any stored tick file reaches into it, from one read of the manifest. */
  async holds(key: TickKey, ranges: readonly Interval[]): Promise<boolean[]> {
    const m = await readTickManifest(this.root, checkTickKey(key));
    return ranges.map(
      (r) => m?.files.some((f) => f.maxTs >= r.from * 1000 && f.minTs < r.to * 1000) ?? false,
    );
  }

  /** Ticks in [from, to) (ms), every stored one without a range; NOT_FOUND for an unknown series. */
  async query(key: TickKey, range?: Interval): Promise<TickBatch> {
    const { k, m } = await this.existing(key);
    await loadParquetLibs();
    return queryTickRange(this.root, k, m, range, this.read);
  }

  /**
   * Ticks in [from, to) (ms) in time order, a file's at a time (see scanTickRange), only `columns`
   * (ts and those named; undefined: all) decoded; NOT_FOUND for an unknown series.
   */
  async scan(
    key: TickKey,
    range: Interval | undefined,
    onBatch: (b: TickBatch) => void,
    columns?: readonly string[],
  ): Promise<void> {
    const { k, m } = await this.existing(key);
    await loadParquetLibs();
    await scanTickRange(this.root, k, m, range, onBatch, this.read, columns);
  }

  /** The series' days from its first tick to its last: ticks per day, or closed, checked empty, a gap. */
  async coverage(key: TickKey): Promise<{ calendar: string; days: TickDay[] }> {
    const { m } = await this.existing(key);
    return { calendar: m.calendar, days: tickDays(m, requireCalendar(m.calendar, this.root)) };
  }

  /** Every tick series, from manifests only; unreadable manifests are left out and named in `broken`. */
  async list(opts: { calendar?: SessionCalendar; broken?: string[] } = {}): Promise<TickSeriesSummary[]> {
    const manifests = await readAllTickManifests(this.root, opts.broken ?? []);
    return manifests.map((m) => summarize(m, opts.calendar ?? requireCalendar(m.calendar, this.root)));
  }
}

export function checkTickKey(key: TickKey): TickKey {
  const parsed = TickKeySchema.safeParse(key);
  if (!parsed.success)
    throw new BarcatError(
      'BAD_INPUT',
      `invalid tick series: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  return parsed.data;
}

function summarize(m: TickManifest, calendar: SessionCalendar): TickSeriesSummary {
  const first = m.files.length > 0 ? Math.min(...m.files.map((f) => f.minTs)) : null;
  const last = m.files.length > 0 ? Math.max(...m.files.map((f) => f.maxTs)) : null;
  return {
    id: m.series,
    venue: m.venue,
    symbol: m.symbol,
    kind: m.kind,
    ticks: m.files.reduce((n, f) => n + f.rows, 0),
    first,
    last,
    days: new Set(m.files.map((f) => f.date)).size,
    calendar: m.calendar,
    gapDays: tickDays(m, calendar)
      .filter((d) => d.state === 'gap')
      .map((d) => d.date),
    lastWrite: m.lastWrite,
  };
}
