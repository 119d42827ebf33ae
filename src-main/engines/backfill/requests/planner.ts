import type { Interval } from '../../../../src-shared/domain/range';
import { ceilToTimeframe, DAY, nominalMs, type Timeframe } from '../../../../src-shared/domain/timeframe';
import { mergeIntervals, subtractIntervals } from '../../../../src-shared/time/intervals';

/** One request the runner sends: REST for a window of at most maxRows bars, or one archive file. */
export interface PlannedRequest {
  from: number;
  to: number;
  via: 'rest' | 'archive';
}

export interface PlanInput {
  gaps: Interval[];
  timeframe: Timeframe;
  maxRowsPerRequest: number;
  /** Ranges other unfinished jobs of this series already cover: not planned twice. */
  alreadyQueued?: Interval[];
  /** Use archive files for whole UTC months (and, with archiveDays, whole days) that are over. */
  archive?: { before: number; days: boolean } | undefined;
}

function monthStart(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}
function nextMonth(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** Splits [from, to) into archive periods (whole months, then whole days if allowed) and the rest. */
function splitArchive(g: Interval, before: number, days: boolean): { archive: Interval[]; rest: Interval[] } {
  const archive: Interval[] = [];
  const end = Math.min(g.to, before);
  for (
    let m = monthStart(g.from) === g.from ? g.from : nextMonth(g.from);
    nextMonth(m) <= end;
    m = nextMonth(m)
  )
    archive.push({ from: m, to: nextMonth(m) });
  if (days) {
    const leftover = subtractIntervals([{ from: g.from, to: end }], archive);
    for (const l of leftover)
      for (let d = Math.ceil(l.from / DAY) * DAY; d + DAY <= l.to; d += DAY)
        archive.push({ from: d, to: d + DAY });
  }
  const merged = mergeIntervals(archive);
  return { archive: archive.sort((a, b) => a.from - b.from), rest: subtractIntervals([g], merged) };
}

/** Gaps -> requests sized to the provider, oldest first, minus what queued jobs already cover. */
export function planRequests(input: PlanInput): PlannedRequest[] {
  const step = nominalMs(input.timeframe);
  const window = step * input.maxRowsPerRequest;
  const gaps = subtractIntervals(mergeIntervals(input.gaps), mergeIntervals(input.alreadyQueued ?? []));
  const out: PlannedRequest[] = [];
  for (const g of gaps) {
    const parts = input.archive
      ? splitArchive(g, input.archive.before, input.archive.days)
      : { archive: [], rest: [g] };
    for (const a of parts.archive) out.push({ ...a, via: 'archive' });
    for (const r of parts.rest) {
      for (let t = ceilToTimeframe(r.from, input.timeframe); t < r.to; t += window)
        out.push({ from: t, to: Math.min(r.to, t + window), via: 'rest' });
    }
  }
  return out.sort((a, b) => a.from - b.from);
}
