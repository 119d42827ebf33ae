import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Interval } from '../../../../src-shared/domain/range';
import { type SeriesKey, seriesId } from '../../../../src-shared/domain/series';
import { nextBarStart, type Timeframe } from '../../../../src-shared/domain/timeframe';
import { mergeIntervals } from '../../../../src-shared/time/intervals';
import { BarcatError } from '../../../plumbing/errors';
import { CALENDAR_24X7, findCalendar } from '../../calendars/index';
import {
  arrowToBatch,
  type BarBatch,
  type Catalog,
  readManifest,
  type SessionCalendar,
} from '../../catalog/index';
import { readWindows } from '../windows';
import { bucketOf } from './canonical';
import { type Events, readEvents } from './events';
import {
  LAKE_FORMAT,
  type LakeTotals,
  MANIFEST_FILE,
  type ManifestBody,
  manifestText,
  TOOL,
} from './manifest';
import { checkOutFolder, makeStaging, publish } from './out-folder';
import { readSeriesMap, resolveInstruments } from './resolve';
import { BarSink, type CoverageRow, CoverageSink, type LakeFile } from './sinks';
import { anchorIndex, lowerBound, type Slots, slotsAround } from './slots';

export interface WindowsRequest {
  /** Events file (CSV or Parquet), relative to cwd. */
  events: string;
  pre: number;
  post: number;
  /** Matches bare symbols to series of this timeframe (series ids must have it too). */
  timeframe?: Timeframe;
  seriesMap?: string;
  out: string;
}

export interface WindowsHooks {
  signal?: AbortSignal;
  /** Events done of all, after each read window. */
  onProgress?(done: number, total: number): void;
}

export interface WindowsResult {
  out: string;
  files: number;
  totals: LakeTotals;
  seal: string;
}

const MAX_WINDOW = 100_000;

interface SeriesInfo {
  key: SeriesKey;
  calendar: SessionCalendar;
  generation: number;
  /** Checked-empty ranges, merged and sorted. */
  checkedEmpty: Interval[];
}

function checkWindow(req: WindowsRequest): void {
  for (const [flag, n] of [
    ['--pre', req.pre],
    ['--post', req.post],
  ] as const)
    if (!Number.isInteger(n) || n < 0 || n > MAX_WINDOW)
      throw new BarcatError('USAGE', `${flag} ${n} is not a bar count; use a whole number 0-${MAX_WINDOW}`);
  if (req.pre + req.post === 0)
    throw new BarcatError('USAGE', '--pre and --post are both 0: a window needs at least one bar');
}

async function seriesInfo(catalog: Catalog, key: SeriesKey): Promise<SeriesInfo> {
  const manifest = await readManifest(catalog.dir, key);
  const a = await catalog.availability(key);
  return {
    key,
    calendar: findCalendar(a.calendar, catalog.dir) ?? CALENDAR_24X7,
    generation: manifest?.generation ?? 0,
    checkedEmpty: mergeIntervals(a.checkedEmpty),
  };
}

/**
 * Cuts the events' windows out of the catalog into a new lake folder (docs/export.md): bars under
 * bars/bucket=XX/, the coverage table under coverage/, and manifest.json last. Everything is built in
 * a staging folder beside --out and renamed into place, so a failure leaves no export at all.
 */
export async function exportWindows(
  catalog: Catalog,
  req: WindowsRequest,
  cwd: string,
  hooks: WindowsHooks = {},
): Promise<WindowsResult> {
  checkWindow(req);
  const out = path.resolve(cwd, req.out);
  await checkOutFolder(out, catalog.dir);
  const events = await readEvents(path.resolve(cwd, req.events));
  if (events.ts.length === 0)
    throw new BarcatError(
      'BAD_INPUT',
      `${path.basename(events.file)}: no events; write one event a line after the header`,
    );
  const seriesMap = req.seriesMap ? await readSeriesMap(path.resolve(cwd, req.seriesMap)) : undefined;
  const keys = await resolveInstruments(
    catalog,
    events.instruments,
    events.instrumentAt,
    req.timeframe,
    seriesMap,
  );
  const infos = new Map<string, SeriesInfo>();
  for (const key of keys)
    if (!infos.has(seriesId(key))) infos.set(seriesId(key), await seriesInfo(catalog, key));

  const staging = await makeStaging(out);
  try {
    const files: LakeFile[] = [];
    const totals = await cutWindows(catalog, events, keys, infos, req, staging, files, hooks);
    for (const info of infos.values()) {
      const now = (await readManifest(catalog.dir, info.key))?.generation ?? 0;
      if (now !== info.generation)
        throw new BarcatError(
          'DATA',
          `series ${seriesId(info.key)} was written while the export read it (generation ${info.generation} -> ${now}); run the export again`,
        );
    }
    const body: ManifestBody = {
      format: LAKE_FORMAT,
      tool: TOOL,
      inputs: {
        events: {
          file: path.basename(events.file),
          sha256: events.sha256,
          bytes: events.bytes,
          count: events.ts.length,
        },
        window: { pre: req.pre, post: req.post, timeframe: req.timeframe ?? null },
        seriesMap: seriesMap ? { file: path.basename(seriesMap.file), sha256: seriesMap.sha256 } : null,
        series: [...infos.values()]
          .map((s) => ({
            id: seriesId(s.key),
            generation: s.generation,
            calendar: s.calendar.name,
            instruments: events.instruments.filter((_, k) => seriesId(keys[k]!) === seriesId(s.key)).sort(),
          }))
          .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      },
      files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      totals,
    };
    const text = manifestText(body);
    await fs.writeFile(path.join(staging, MANIFEST_FILE), text, { flag: 'wx' });
    await publish(staging, out);
    const seal = (JSON.parse(text) as { seal: string }).seal;
    return { out, files: files.length + 1, totals, seal };
  } catch (err) {
    await fs.rm(staging, { recursive: true, force: true });
    throw err;
  }
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Event indices in the lake's order: bucket, instrument, time, then file order. */
function eventOrder(events: Events, buckets: string[]): Uint32Array {
  const rank = new Uint32Array(events.instruments.length);
  events.instruments
    .map((name, k) => ({ k, sortKey: `${buckets[k]}\u0000${name}` }))
    .sort((a, b) => byCodeUnit(a.sortKey, b.sortKey))
    .forEach((x, r) => {
      rank[x.k] = r;
    });
  const order = new Uint32Array(events.ts.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const { inst, ts } = events;
  return order.sort((a, b) => rank[inst[a]!]! - rank[inst[b]!]! || ts[a]! - ts[b]! || a - b);
}

async function cutWindows(
  catalog: Catalog,
  events: Events,
  keys: SeriesKey[],
  infos: Map<string, SeriesInfo>,
  req: WindowsRequest,
  staging: string,
  files: LakeFile[],
  hooks: WindowsHooks,
): Promise<LakeTotals> {
  const buckets = events.instruments.map(bucketOf);
  const order = eventOrder(events, buckets);
  const bars = new BarSink(staging, files);
  const coverage = new CoverageSink(staging, files);
  const totals: LakeTotals = {
    events: 0,
    rows: 0,
    expected: 0,
    present: 0,
    missingBars: 0,
    checkedEmptyBars: 0,
    outsideSession: 0,
  };
  for (let start = 0; start < order.length; ) {
    const k = events.inst[order[start]!]!;
    let end = start;
    while (end < order.length && events.inst[order[end]!] === k) end++;
    const info = infos.get(seriesId(keys[k]!))!;
    await bars.startBucket(buckets[k]!);
    const cut = { events, instrument: events.instruments[k]!, info, req, bars, coverage, totals };
    // One catalog read per read window of the series (a month of 1s bars, a year of 1m): bounded memory.
    const tf = info.key.timeframe;
    for (const w of readWindows(events.ts[order[start]!]!, events.ts[order[end - 1]!]! + 1, tf)) {
      hooks.signal?.throwIfAborted();
      let stop = start;
      while (stop < end && events.ts[order[stop]!]! < w.to) stop++;
      if (stop > start) await cutChunk(catalog, cut, order.subarray(start, stop));
      start = stop;
      hooks.onProgress?.(start, order.length);
    }
  }
  await bars.flush();
  await coverage.flush();
  return totals;
}

interface Cut {
  events: Events;
  instrument: string;
  info: SeriesInfo;
  req: WindowsRequest;
  bars: BarSink;
  coverage: CoverageSink;
  totals: LakeTotals;
}

/** The windows of events (one instrument, sorted by time) from one catalog read. */
async function cutChunk(catalog: Catalog, cut: Cut, chunk: Uint32Array): Promise<void> {
  const { events, info, req } = cut;
  const tf = info.key.timeframe;
  const first = events.ts[chunk[0]!]!;
  const last = events.ts[chunk[chunk.length - 1]!]!;
  const slots = slotsAround(info.calendar, tf, first, last, req.pre, req.post);
  const from = slots.starts[anchorIndex(slots, first, tf) - req.pre]!;
  const to = nextBarStart(slots.starts[anchorIndex(slots, last, tf) + req.post - 1]!, tf);
  const batch = arrowToBatch(await catalog.query(info.key, { from, to }));
  for (const i of chunk) await cutEvent(cut, slots, batch, i);
}

async function cutEvent(cut: Cut, slots: Slots, batch: BarBatch, i: number): Promise<void> {
  const { events, info, req, totals } = cut;
  const tf = info.key.timeframe;
  const eventTs = events.ts[i]!;
  const event = events.ids ? events.ids[i]! : String(i + 1);
  const a = anchorIndex(slots, eventTs, tf);
  const s0 = a - req.pre;
  const s1 = a + req.post;
  const from = slots.starts[s0]!;
  const to = nextBarStart(slots.starts[s1 - 1]!, tf);
  const runs = new RunBuilder(slots, tf, info.checkedEmpty);
  let present = 0;
  let outside = 0;
  let s = s0;
  for (let j = lowerBound(batch.ts, batch.length, from); j < batch.length && batch.ts[j]! < to; j++) {
    const t = batch.ts[j]!;
    while (s < s1 && slots.starts[s]! < t) runs.missing(s++);
    if (s < s1 && slots.starts[s] === t) {
      if (cut.bars.push(event, cut.instrument, s - a, batch, j)) await cut.bars.flush();
      present++;
      s++;
    } else outside++;
  }
  while (s < s1) runs.missing(s++);
  const row: CoverageRow = {
    event,
    instrument: cut.instrument,
    series: seriesId(info.key),
    eventTs,
    from,
    to,
    expected: s1 - s0,
    present,
    outsideSession: outside,
    missingBars: runs.counts.missing,
    checkedEmptyBars: runs.counts.checkedEmpty,
    missing: runs.text('missing'),
    checkedEmpty: runs.text('checkedEmpty'),
  };
  await cut.coverage.push(row);
  totals.events++;
  totals.rows += present;
  totals.expected += row.expected;
  totals.present += present;
  totals.missingBars += row.missingBars;
  totals.checkedEmptyBars += row.checkedEmptyBars;
  totals.outsideSession += outside;
}

/** Missing slots grouped into runs: checked-empty (the whole slot inside a checked-empty range) or a gap. */
class RunBuilder {
  readonly counts = { missing: 0, checkedEmpty: 0 };
  private readonly runs = { missing: [] as Interval[], checkedEmpty: [] as Interval[] };
  private lastSlot = -2;
  private lastKind: 'missing' | 'checkedEmpty' | undefined;

  constructor(
    private readonly slots: Slots,
    private readonly tf: Timeframe,
    private readonly checkedEmpty: Interval[],
  ) {}

  missing(s: number): void {
    const from = this.slots.starts[s]!;
    const to = nextBarStart(from, this.tf);
    const kind = this.isCheckedEmpty(from, to) ? 'checkedEmpty' : 'missing';
    this.counts[kind]++;
    const list = this.runs[kind];
    if (this.lastSlot === s - 1 && this.lastKind === kind) list[list.length - 1]!.to = to;
    else list.push({ from, to });
    this.lastSlot = s;
    this.lastKind = kind;
  }

  text(kind: 'missing' | 'checkedEmpty'): string {
    return JSON.stringify(
      this.runs[kind].map((r) => [new Date(r.from).toISOString(), new Date(r.to).toISOString()]),
    );
  }

  private isCheckedEmpty(from: number, to: number): boolean {
    const list = this.checkedEmpty;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.to <= from) lo = mid + 1;
      else hi = mid;
    }
    const c = list[lo];
    return c !== undefined && c.from <= from && c.to >= to;
  }
}
