// The read-only door: `barcat query` writes CSV without loading the catalog's writes.
import { BAR_BASE_COLUMNS, BAR_COLUMNS, BAR_OPTIONAL_COLUMNS } from '../../../../src-shared/domain/bar';
import { allocBatch, type BarBatch } from '../../../engines/catalog/read-only';
import { newParsedTime, parseTimestamp } from '../../../engines/import/parse/timestamp';
import { BarcatError } from '../../../plumbing/errors';

/**
 * Parses canonical bar CSV: header ts,open,high,low,close,volume[,trades][,vwap] (any order), ts as
 * ISO-8601 (UTC unless it has a zone) or epoch ms. Errors name file, line and column.
 */
export function parseCanonicalCsv(text: string, source: string): BarBatch {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const header = (lines[0] ?? '')
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((h) => h.trim().toLowerCase());
  for (const name of header)
    if (!BAR_COLUMNS.includes(name as never))
      throw new BarcatError(
        'BAD_INPUT',
        `${source} line 1: unknown column "${name}"; the header must be ts,open,high,low,close,volume[,trades][,vwap]`,
      );
  for (const name of BAR_BASE_COLUMNS)
    if (!header.includes(name))
      throw new BarcatError('BAD_INPUT', `${source} line 1: missing column "${name}" in the header`);
  const extra = BAR_OPTIONAL_COLUMNS.filter((c) => header.includes(c));
  const n = lines.length - 1;
  const batch = allocBatch(n, extra);
  const index = header.map((h) => h as keyof BarBatch);
  for (let r = 0; r < n; r++) {
    const lineNo = r + 2;
    const fields = lines[r + 1]!.split(',');
    if (fields.length !== header.length)
      throw new BarcatError(
        'BAD_INPUT',
        `${source} line ${lineNo}: ${fields.length} fields, the header has ${header.length}`,
      );
    for (let c = 0; c < fields.length; c++) {
      const name = index[c]!;
      const raw = fields[c]!.trim();
      const col = batch[name] as Float64Array;
      if (name === 'ts') col[r] = parseTs(raw, source, lineNo, c + 1);
      else if (raw === '' && (name === 'trades' || name === 'vwap')) col[r] = Number.NaN;
      else {
        const v = Number(raw);
        if (raw === '' || !Number.isFinite(v))
          throw new BarcatError(
            'BAD_INPUT',
            `${source} line ${lineNo} column ${c + 1} (${name}): "${raw}" is not a number`,
          );
        col[r] = v;
      }
    }
  }
  return batch;
}

function parseTs(raw: string, source: string, line: number, column: number): number {
  let t: number;
  if (/^-?\d+$/.test(raw)) t = Number(raw);
  else {
    // Date.parse rolls 2024-02-30 over into March: the import's calendar check refuses it instead.
    const pt = newParsedTime();
    if (!parseTimestamp(raw, 'DMY', pt) && pt.noSuchDate)
      throw new BarcatError(
        'BAD_INPUT',
        `${source} line ${line} column ${column} (ts): "${raw}" is no date (${pt.noSuchDate}); fix the date`,
      );
    const iso = /(Z|[+-]\d{2}:?\d{2})$/i.test(raw) ? raw : `${raw.replace(' ', 'T')}Z`;
    t = /^\d{4}-\d{2}-\d{2}/.test(raw) ? Date.parse(iso) : Number.NaN;
  }
  if (!Number.isSafeInteger(t))
    throw new BarcatError(
      'BAD_INPUT',
      `${source} line ${line} column ${column} (ts): "${raw}" is neither ISO-8601 nor epoch milliseconds`,
    );
  return t;
}

/** A catalog error about bar N of a batch parsed from `source`, pointed at its CSV line (N + 2). */
export function atCsvLine(err: unknown, source: string): unknown {
  const row = err instanceof BarcatError ? (err.details as { row?: unknown } | undefined)?.row : undefined;
  if (!(err instanceof BarcatError) || typeof row !== 'number') return err;
  return new BarcatError(err.code, `${source} line ${row + 2}: ${err.message}`, err.details);
}

function iso(ts: number): string {
  return new Date(ts).toISOString();
}

/** Canonical CSV text of a batch (ts ISO-8601 UTC; trades/vwap columns when present). */
export function* batchToCsvChunks(b: BarBatch, rowsPerChunk = 10_000): Generator<string> {
  const extra = BAR_OPTIONAL_COLUMNS.filter((c) => b[c]);
  yield `${[...BAR_BASE_COLUMNS, ...extra].join(',')}\n`;
  for (let start = 0; start < b.length; start += rowsPerChunk) {
    const end = Math.min(b.length, start + rowsPerChunk);
    const lines: string[] = [];
    for (let i = start; i < end; i++) {
      let line = `${iso(b.ts[i]!)},${b.open[i]},${b.high[i]},${b.low[i]},${b.close[i]},${b.volume[i]}`;
      for (const c of extra) {
        const v = b[c]![i]!;
        line += Number.isNaN(v) ? ',' : `,${v}`;
      }
      lines.push(line);
    }
    yield `${lines.join('\n')}\n`;
  }
}
