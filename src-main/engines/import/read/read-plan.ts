import path from 'node:path';
import type {
  ColumnMapping,
  DateOrder,
  ImportOverrides,
  MappingFallback,
  PresetName,
  TimestampFormat,
  ValueSource,
} from '../../../../src-shared/domain/import';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { looksLikeQuotes, mapByName } from '../parse/columns';
import { splitFields } from '../parse/fields';
import { bytesText, MAX_LINE_BYTES } from '../parse/line-cap';
import { detectDecimalComma } from '../parse/numbers';
import { detectDelimiter, looksLikeHeader, type SampleLine, sampleLines } from '../parse/sniff';
import { notCsvText, type TextEncoding } from '../parse/text-encoding';
import { detectDateOrder, EPOCH_MS_PER_UNIT } from '../parse/timestamp';
import { compileNamePattern, factsFromFileName, factsFromPattern, type NameFacts } from './file-name';
import { chooseMapping, mapByPosition } from './mapping-fallback';
import { detectPreset, PRESETS, type Preset } from './presets';
import type { Sample } from './read-file';

/** Everything the reader needs to turn a file's lines into bars; built by `planFromSample`. */
export interface ReadPlan {
  file: string;
  encoding: TextEncoding;
  lineBreak: 10 | 13;
  /** Longer lines are reported and left out unread. */
  maxLineBytes: number;
  delimiter: string;
  hasHeader: boolean;
  /** Physical line (1-based) of the first data row; lines before it are header or banners. */
  firstDataLine: number;
  bannerLines: number;
  columns: string[];
  mapping: ColumnMapping;
  confidence: number;
  ignoredColumns: string[];
  timestampFormat: TimestampFormat;
  dateOrder: DateOrder;
  dateOrderAmbiguous: boolean;
  /** Milliseconds per unit of an epoch format the user picked; absent: each value's magnitude decides. */
  epochMsPerUnit?: number;
  decimalComma: boolean;
  tz: string;
  tzSource: ValueSource;
  endStamped: boolean;
  preset: PresetName | null;
  venue: { value: string | null; source: ValueSource | null };
  symbol: { value: string | null; source: ValueSource | null };
  timeframe: { value: Timeframe | null; source: ValueSource | null };
  nameFacts: NameFacts;
  /** Set when the detected mapping failed most sampled rows and others were tried (mapping-fallback.ts). */
  mappingFallback: MappingFallback | null;
  /** Why the file cannot be read as bars, when it cannot. */
  refusal: string | null;
}

const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;

function columnLabel(header: string[] | undefined, i: number): string {
  const h = header?.[i]?.trim();
  return h ? h : `#${i + 1}`;
}

/** The column names for a message: the first 20, then how many there are. */
function columnList(columns: string[]): string {
  const shown = columns.slice(0, 20).join(', ');
  return columns.length > 20 ? `${shown}, … (${columns.length} columns)` : shown;
}

function timestampText(fields: string[], m: ColumnMapping): string | undefined {
  if (m.ts !== undefined) return fields[m.ts];
  if (m.date !== undefined)
    return `${fields[m.date] ?? ''} ${m.time === undefined ? '' : (fields[m.time] ?? '')}`.trim();
  return undefined;
}

function describeFormat(samples: string[], relevantOrder: boolean, order: DateOrder): TimestampFormat {
  const s = samples[0]?.trim() ?? '';
  if (/^\d{9,19}$/.test(s) && !/^(19|20)\d{6}$/.test(s)) {
    const v = Number(s);
    return v < 1e11 ? 'epoch_s' : v < 1e14 ? 'epoch_ms' : v < 1e17 ? 'epoch_us' : 'epoch_ns';
  }
  if (/^\d{4}-\d{2}-\d{2}([T ]|$)/.test(s)) return 'iso';
  if (/^\d{8}/.test(s)) return 'compact';
  if (/[A-Za-z]{3}/.test(s)) return 'month_name';
  if (relevantOrder) return order === 'DMY' ? 'dmy' : 'mdy';
  return 'ymd';
}

/** Sets the mapping and what depends on it: ignored columns, date order, timestamp format, decimal comma. */
function applyMapping(
  plan: ReadPlan,
  mapping: ColumnMapping,
  dataRows: string[][],
  o: ImportOverrides,
): void {
  plan.mapping = mapping;
  const used = new Set(Object.values(mapping));
  plan.ignoredColumns = plan.columns.filter((_, i) => !used.has(i));
  const tsSamples = dataRows.map((r) => timestampText(r, mapping) ?? '').filter((s) => s.length > 0);
  const order = detectDateOrder(tsSamples);
  // A day- or month-first format the user picked is the order the rows are parsed with.
  const chosen = o.timestampFormat === 'dmy' ? 'DMY' : o.timestampFormat === 'mdy' ? 'MDY' : o.dateOrder;
  plan.dateOrder = chosen ?? order.order;
  plan.dateOrderAmbiguous = !chosen && order.ambiguous;
  plan.timestampFormat = o.timestampFormat ?? describeFormat(tsSamples, order.relevant, plan.dateOrder);
  plan.epochMsPerUnit = o.timestampFormat ? EPOCH_MS_PER_UNIT[o.timestampFormat] : undefined;
  const priceSamples = dataRows.flatMap((r) => PRICE_FIELDS.map((f) => r[mapping[f] as number] ?? ''));
  plan.decimalComma = o.decimalComma ?? detectDecimalComma(priceSamples);
}

/**
 * Detects format, mapping, zone and series from the first lines of a file, then applies the
 * caller's overrides (user > preset > file name > data).
 */
export function planFromSample(
  file: string,
  sample: Pick<Sample, 'text' | 'encoding' | 'lineBreak' | 'longFirstLine' | 'whole'>,
  o: ImportOverrides = {},
): ReadPlan {
  const text = sample.text;
  const lines = sampleLines(text, 220);
  const base = path.basename(file);
  const plan: ReadPlan = {
    file,
    encoding: sample.encoding,
    lineBreak: sample.lineBreak,
    maxLineBytes: o.maxLineBytes ?? MAX_LINE_BYTES,
    delimiter: ',',
    hasHeader: false,
    firstDataLine: 1,
    bannerLines: 0,
    columns: [],
    mapping: {},
    confidence: 0,
    ignoredColumns: [],
    timestampFormat: 'auto',
    dateOrder: 'DMY',
    dateOrderAmbiguous: false,
    decimalComma: false,
    tz: 'UTC',
    tzSource: 'default',
    endStamped: false,
    preset: null,
    venue: { value: null, source: null },
    symbol: { value: null, source: null },
    timeframe: { value: null, source: null },
    nameFacts: {},
    mappingFallback: null,
    refusal: null,
  };
  plan.refusal = sample.longFirstLine
    ? `line 1 is longer than ${bytesText(MAX_LINE_BYTES)}, too long for a CSV header or row (are its line breaks missing?)`
    : notCsvText(text);
  if (plan.refusal) return plan;
  if (lines.length === 0) {
    plan.refusal = 'the file holds no data rows';
    return plan;
  }
  const userPreset: Preset | undefined = o.preset ? PRESETS[o.preset] : undefined;
  const sniffed = detectDelimiter(lines);
  plan.delimiter = o.delimiter ?? userPreset?.delimiter ?? sniffed.delimiter;
  const skip = o.skipLines ?? (o.delimiter ? 0 : sniffed.skip);
  plan.bannerLines = skip;
  const body: SampleLine[] = lines.slice(skip);
  const rows = body.map((l) => splitFields(l.text, plan.delimiter));
  const firstRow = rows[0] ?? [];
  plan.hasHeader = o.hasHeader ?? userPreset?.hasHeader ?? looksLikeHeader(firstRow, rows[1]);
  const header = plan.hasHeader ? firstRow.map((h) => h.trim()) : undefined;
  const dataRows = plan.hasHeader ? rows.slice(1) : rows;
  // A sample with only the header (its next line is longer than the sample): data starts after it.
  plan.firstDataLine = (plan.hasHeader ? body[1]?.line : body[0]?.line) ?? (body[0]?.line ?? 0) + 1;
  const fieldCount = sniffed.fields;
  plan.columns = Array.from({ length: Math.max(fieldCount, firstRow.length) }, (_, i) =>
    columnLabel(header, i),
  );

  if (header && dataRows.length === 0 && sample.whole) {
    plan.refusal = `the file holds only a header line (${header.length} columns) and no data rows`;
    return plan;
  }
  const detected = userPreset ?? detectPreset(header, fieldCount, dataRows[0] ?? []);
  plan.preset = detected?.name ?? null;
  if (header && looksLikeQuotes(header)) {
    plan.refusal =
      'it holds bid/ask quotes (ticks), not OHLC bars; import it as ticks with barcat import --ticks keep|bars|both';
    return plan;
  }
  let mapping: ColumnMapping | undefined;
  let confidence = 0;
  if (o.mapping) {
    mapping = o.mapping;
    confidence = 1;
  } else if (header) {
    const byName = mapByName(header);
    mapping = byName.mapping;
    confidence = byName.matched / 6;
    if (detected?.mapping && !PRICE_FIELDS.every((f) => mapping?.[f] !== undefined))
      mapping = detected.mapping;
  } else if (detected?.mapping) {
    mapping = detected.mapping;
    confidence = 0.9;
  } else {
    mapping = mapByPosition(dataRows[0] ?? []);
    confidence = 0.6;
  }
  const missing = PRICE_FIELDS.filter((f) => mapping?.[f] === undefined);
  if (!mapping || (mapping.ts === undefined && mapping.date === undefined) || missing.length > 0) {
    const first = dataRows[0] ?? [];
    const tickLike = !header && first.length <= 4 && first.length >= 3;
    plan.refusal = tickLike
      ? `it looks like tick or quote data (${first.length} columns: time and ${first.length - 1} values), not OHLC bars; import it as ticks with barcat import --ticks keep|bars|both`
      : `no ${missing.length > 0 ? missing.join('/') : 'timestamp'} column was found among ${columnList(plan.columns)}; pass a column mapping or a --preset`;
    plan.mapping = mapping ?? {};
    return plan;
  }
  applyMapping(plan, mapping, dataRows, o);
  plan.confidence = Math.min(1, Math.round(confidence * 100) / 100);
  // A mapping the user chose (or a preset they named) is used as given, whatever the rows say.
  if (!o.mapping && !userPreset) {
    const dataLines = body.filter((l) => l.line >= plan.firstDataLine);
    const choice = chooseMapping(plan, dataLines, dataRows[0] ?? [], (m) => {
      const alt = { ...plan };
      applyMapping(alt, m, dataRows, o);
      return alt;
    });
    if (choice.fallback) {
      applyMapping(plan, choice.plan.mapping, dataRows, o);
      plan.mappingFallback = choice.fallback;
      if (choice.fallback.chosen)
        plan.confidence = Math.round((choice.fallback.validRows / choice.fallback.of) * 100) / 100;
    }
  }

  // Zone and end stamps: user > preset chosen by the user > the app's default > UTC.
  if (o.tz) [plan.tz, plan.tzSource] = [o.tz, 'user'];
  else if (userPreset?.tz) [plan.tz, plan.tzSource] = [userPreset.tz, 'preset'];
  else if (o.defaultTz) plan.tz = o.defaultTz;
  plan.endStamped = o.endStamped ?? userPreset?.endStamped ?? false;

  // Series: user > preset > file name (pattern first) > data.
  plan.nameFacts =
    (o.namePattern && factsFromPattern(base, compileNamePattern(o.namePattern))) || factsFromFileName(base);
  const presetVenue = detected?.venue;
  plan.venue = o.venue
    ? { value: o.venue, source: 'user' }
    : presetVenue
      ? { value: presetVenue, source: 'preset' }
      : plan.nameFacts.venue
        ? { value: plan.nameFacts.venue, source: 'file-name' }
        : { value: 'CSV', source: 'default' };
  plan.symbol = o.symbol
    ? { value: o.symbol, source: 'user' }
    : plan.nameFacts.symbol
      ? { value: plan.nameFacts.symbol, source: 'file-name' }
      : { value: null, source: null };
  plan.timeframe = o.timeframe
    ? { value: o.timeframe, source: 'user' }
    : plan.nameFacts.timeframe
      ? { value: plan.nameFacts.timeframe, source: 'file-name' }
      : { value: null, source: null };
  return plan;
}
