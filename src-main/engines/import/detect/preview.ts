import path from 'node:path';
import type { ImportOverrides, ImportPreview } from '../../../../src-shared/domain/import';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { BarcatError } from '../../../plumbing/errors';
import { isZipArchive } from '../files/zip-archive';
import { ZoneConverter } from '../parse/zone';
import { PRESETS } from '../read/presets';
import { checkRegularFile, readFileBars } from '../read/read-file';
import type { ReadPlan } from '../read/read-plan';
import { probeFile } from './file-probe';
import { inferCalendar } from './infer-calendar';

const PREVIEW_ROWS = 200;

/**
 * What an import of this file would do, from its first ~200 rows: detected format and mapping
 * (with confidence), zone and series with where each came from, the first bars as they will be
 * stored, and the problems so far. Every detected value can be overridden and previewed again.
 */
export async function previewImport(file: string, overrides: ImportOverrides = {}): Promise<ImportPreview> {
  if (overrides.tz) new ZoneConverter(overrides.tz);
  await checkRegularFile(file);
  // An archive's members each get a preview and a plan of their own (archive-members.ts).
  if (await isZipArchive(file))
    throw new BarcatError(
      'BAD_INPUT',
      `${path.basename(file)} is a zip archive: preview each of its CSV members`,
    );
  if (overrides.defaultTz) new ZoneConverter(overrides.defaultTz);
  const read = await readFileBars(file, overrides, { maxRows: PREVIEW_ROWS });
  const p = read.plan;
  const conflicts: string[] = [];
  const tfName = p.nameFacts.timeframe;
  if (tfName && read.inferredTimeframe && tfName !== read.inferredTimeframe)
    conflicts.push(`the file name says ${tfName} but the bar spacing says ${read.inferredTimeframe}`);
  if (overrides.timeframe && read.inferredTimeframe && overrides.timeframe !== read.inferredTimeframe)
    conflicts.push(
      `the timeframe is set to ${overrides.timeframe} but the bar spacing says ${read.inferredTimeframe}`,
    );
  // A layout recognised, not chosen, keeps its vendor's zone out (layouts are shared): say so.
  const vendorTz = p.preset && !overrides.preset ? PRESETS[p.preset].tz : undefined;
  if (vendorTz && p.tzSource !== 'user' && vendorTz !== p.tz && !p.timestampFormat.startsWith('epoch'))
    conflicts.push(
      `the layout looks like a ${p.preset} export, whose times are ${vendorTz}; choose the ${p.preset} preset to read them so (now ${p.tz})`,
    );
  const b = read.result?.batch;
  const rows = [];
  for (let i = 0; b && i < Math.min(10, b.length); i++) {
    rows.push({
      ts: b.ts[i] as number,
      open: b.open[i] as number,
      high: b.high[i] as number,
      low: b.low[i] as number,
      close: b.close[i] as number,
      volume: b.volume[i] as number,
    });
  }
  const timeframe = read.timeframe;
  const probe = b && timeframe ? await probeFile(p, timeframe, b.ts.subarray(0, b.length)) : null;
  const calendar =
    overrides.calendar ?? (probe && timeframe ? inferCalendar(probe.times, timeframe) : '24x7');
  return {
    file,
    bytes: read.bytes,
    ok: p.refusal === null,
    reason: p.refusal,
    format: {
      delimiter: p.delimiter,
      hasHeader: p.hasHeader,
      skipLines: p.bannerLines,
      bom: read.bom,
      decimalComma: p.decimalComma,
      timestampFormat: p.timestampFormat,
      preset: p.preset,
    },
    columns: p.columns,
    mapping: p.mapping,
    confidence: p.confidence,
    ignoredColumns: p.ignoredColumns,
    tz: p.tz,
    tzSource: p.tzSource,
    endStamped: p.endStamped,
    series: {
      venue: p.venue.value,
      symbol: p.symbol.value,
      timeframe,
      sources: {
        venue: p.venue.source,
        symbol: p.symbol.source,
        timeframe: p.timeframe.source ?? (timeframe ? 'data' : null),
      },
      conflicts,
    },
    inferredTimeframe: read.inferredTimeframe,
    dateOrderAmbiguous: p.dateOrderAmbiguous,
    rows,
    sampledRows: read.rowsRead,
    issues: read.problems,
    mappingFallback: p.mappingFallback,
    calendar,
    calendarSource: overrides.calendar ? 'user' : 'data',
    span: probe?.span ?? null,
    plan: { ...pinnedPlan(p, timeframe, overrides), calendar },
  };
}

/** The plan's decisions as overrides: importing with them re-detects nothing. */
function pinnedPlan(p: ReadPlan, timeframe: Timeframe | null, o: ImportOverrides): ImportOverrides {
  return {
    ...(o.preset ? { preset: o.preset } : {}),
    delimiter: p.delimiter as NonNullable<ImportOverrides['delimiter']>,
    hasHeader: p.hasHeader,
    skipLines: p.bannerLines,
    mapping: p.mapping,
    dateOrder: p.dateOrder,
    timestampFormat: p.timestampFormat,
    decimalComma: p.decimalComma,
    tz: p.tz,
    endStamped: p.endStamped,
    ...(p.venue.value ? { venue: p.venue.value } : {}),
    ...(p.symbol.value ? { symbol: p.symbol.value } : {}),
    ...(timeframe ? { timeframe } : {}),
  };
}
