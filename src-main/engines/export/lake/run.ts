import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type SeriesKey, seriesId } from '../../../../src-shared/domain/series';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { mergeIntervals } from '../../../../src-shared/time/intervals';
import { BarcatError } from '../../../plumbing/errors';
import { CALENDAR_24X7, findCalendar } from '../../calendars/index';
import { type Catalog, readManifest } from '../../catalog/index';
import { cutWindows, type SeriesInfo } from './cut';
import { readEvents } from './events';
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
import type { LakeFile } from './sinks';

export interface WindowsRequest {
  /** Events file (CSV or Parquet), relative to cwd. */
  events: string;
  pre: number;
  post: number;
  /**
   * The windows' timeframe: matches bare symbols to series of it; a series at a finer timeframe is
   * resampled on read (UTC buckets, as `barcat query --timeframe`).
   */
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
            resample:
              req.timeframe && req.timeframe !== s.key.timeframe
                ? { from: s.key.timeframe, to: req.timeframe, align: 'utc' as const }
                : null,
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
