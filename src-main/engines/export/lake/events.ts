import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { BarcatError } from '../../../plumbing/errors';
import { fsFailure } from '../../../plumbing/fs-errors';
import { sha256Hex } from '../../../plumbing/sha256';
import { arrowLib, loadParquetLibs, parquetLib } from '../../catalog/index';

/** Events as columns (a million events take ~30 MB), in file order. */
export interface Events {
  file: string;
  sha256: string;
  bytes: number;
  /** Distinct instrument keys as written (trimmed); `inst[i]` indexes it. */
  instruments: string[];
  inst: Uint32Array;
  ts: Float64Array;
  /** Event ids; when the file has no id column, an event's id is its record number (1-based). */
  ids: string[] | null;
  /** Where each event is written, for messages: CSV line or Parquet row (1-based). */
  line: Uint32Array;
  /** Where an instrument is first written: `file:line:column` (CSV) or `file: row N, column C` (Parquet). */
  instrumentAt: string[];
}

const COLUMNS = {
  instrument: ['instrument', 'symbol', 'series'],
  timestamp: ['timestamp', 'ts', 'time'],
  id: ['event_id', 'id', 'event'],
} as const;

const TIME_HELP =
  'write ISO 8601 like 2024-01-31T09:30:00Z (UTC when no zone is given) or epoch milliseconds';

/** ISO-8601 date or date-time (UTC when no zone is written) or integer epoch ms; NaN when neither. */
export function parseInstant(text: string): number {
  const s = text.trim();
  if (/^-?\d{9,}$/.test(s)) return Number(s);
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(s))
    return Number.NaN;
  const iso = s.length === 10 ? `${s}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/i.test(s) ? s : `${s}Z`;
  return Date.parse(iso.replace(' ', 'T'));
}

class EventColumns {
  readonly instruments: string[] = [];
  private readonly index = new Map<string, number>();
  readonly inst: number[] = [];
  readonly ts: number[] = [];
  readonly ids: string[] = [];
  readonly line: number[] = [];
  readonly instrumentAt: string[] = [];

  push(instrument: string, ts: number, id: string | undefined, line: number, at: () => string): void {
    let k = this.index.get(instrument);
    if (k === undefined) {
      k = this.instruments.length;
      this.instruments.push(instrument);
      this.instrumentAt.push(at());
      this.index.set(instrument, k);
    }
    this.inst.push(k);
    this.ts.push(ts);
    if (id !== undefined) this.ids.push(id);
    this.line.push(line);
  }
}

function findColumn(names: string[], want: keyof typeof COLUMNS): number {
  return names.findIndex((n) => (COLUMNS[want] as readonly string[]).includes(n.trim().toLowerCase()));
}

function missingColumn(file: string, want: keyof typeof COLUMNS, found: string[]): BarcatError {
  return new BarcatError(
    'BAD_INPUT',
    `${file}: no ${want} column (found ${found.map((n) => `"${n}"`).join(', ') || 'none'}); name it ${COLUMNS[want].map((n) => `"${n}"`).join(' or ')}`,
  );
}

/** Fields of one CSV line, with the 1-based column each starts at; quotes as RFC 4180 (no line breaks inside). */
export function splitCsvLine(text: string): { value: string; column: number }[] | { openQuote: number } {
  const out: { value: string; column: number }[] = [];
  let i = 0;
  for (;;) {
    const column = i + 1;
    if (text[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return { openQuote: column };
        value += text.slice(j, q);
        if (text[q + 1] === '"') {
          value += '"';
          j = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push({ value, column });
    } else {
      const c = text.indexOf(',', i);
      out.push({ value: text.slice(i, c < 0 ? text.length : c), column });
      i = c < 0 ? text.length : c;
    }
    if (i >= text.length) return out;
    i++; // the comma
    if (i === text.length) {
      out.push({ value: '', column: i + 1 });
      return out;
    }
  }
}

async function readCsvEvents(file: string, cols: EventColumns): Promise<{ hasIds: boolean }> {
  const name = path.basename(file);
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let header: string[] | undefined;
  let at = { instrument: -1, timestamp: -1, id: -1 };
  let n = 0;
  for await (const raw of lines) {
    n++;
    const text = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    const fields = splitCsvLine(text);
    if ('openQuote' in fields)
      throw new BarcatError(
        'BAD_INPUT',
        `${name}:${n}:${fields.openQuote}: a quote opened here is never closed`,
      );
    if (!header) {
      header = fields.map((f) => f.value);
      at = {
        instrument: findColumn(header, 'instrument'),
        timestamp: findColumn(header, 'timestamp'),
        id: findColumn(header, 'id'),
      };
      if (at.instrument < 0) throw missingColumn(name, 'instrument', header);
      if (at.timestamp < 0) throw missingColumn(name, 'timestamp', header);
      continue;
    }
    if (fields.length !== header.length)
      throw new BarcatError(
        'BAD_INPUT',
        `${name}:${n}:1: ${fields.length} fields, the header has ${header.length}; every line needs ${header.join(',')}`,
      );
    const inst = fields[at.instrument]!;
    const stamp = fields[at.timestamp]!;
    if (inst.value.trim() === '')
      throw new BarcatError('BAD_INPUT', `${name}:${n}:${inst.column}: the instrument is empty`);
    const ts = parseInstant(stamp.value);
    if (!Number.isFinite(ts))
      throw new BarcatError(
        'BAD_INPUT',
        `${name}:${n}:${stamp.column}: "${stamp.value}" is not a time; ${TIME_HELP}`,
      );
    let id: string | undefined;
    if (at.id >= 0) {
      const f = fields[at.id]!;
      id = f.value.trim();
      if (id === '') throw new BarcatError('BAD_INPUT', `${name}:${n}:${f.column}: the event id is empty`);
    }
    cols.push(inst.value.trim(), ts, id, n, () => `${name}:${n}:${inst.column}`);
  }
  if (!header)
    throw new BarcatError(
      'BAD_INPUT',
      `${name}: empty; write a header line instrument,timestamp[,event_id] and one event a line`,
    );
  return { hasIds: at.id >= 0 };
}

async function readParquetEvents(
  file: string,
  bytes: Uint8Array,
  cols: EventColumns,
): Promise<{ hasIds: boolean }> {
  const name = path.basename(file);
  await loadParquetLibs();
  let table: import('apache-arrow').Table;
  try {
    table = arrowLib().tableFromIPC(parquetLib().readParquet(bytes).intoIPCStream());
  } catch (err) {
    throw new BarcatError('BAD_INPUT', `${name}: not a readable Parquet file (${(err as Error).message})`);
  }
  const names = table.schema.fields.map((f) => f.name);
  const pick = (want: keyof typeof COLUMNS) => {
    const i = findColumn(names, want);
    return i < 0 ? undefined : { name: names[i]!, vector: table.getChildAt(i)! };
  };
  const inst = pick('instrument');
  const stamp = pick('timestamp');
  const idCol = pick('id');
  if (!inst) throw missingColumn(name, 'instrument', names);
  if (!stamp) throw missingColumn(name, 'timestamp', names);
  for (let r = 0; r < table.numRows; r++) {
    const where = (c: string) => `${name}: row ${r + 1}, column ${c}`;
    const i = inst.vector.get(r) as unknown;
    if (typeof i !== 'string' || i.trim() === '')
      throw new BarcatError('BAD_INPUT', `${where(inst.name)}: the instrument is empty or not text`);
    const raw = stamp.vector.get(r) as unknown;
    const ts =
      typeof raw === 'string'
        ? parseInstant(raw)
        : // apache-arrow gives timestamps of any unit as epoch ms; integer columns are read as epoch ms.
          typeof raw === 'bigint' || typeof raw === 'number'
          ? Number(raw)
          : raw instanceof Date
            ? raw.getTime()
            : Number.NaN;
    if (!Number.isFinite(ts))
      throw new BarcatError(
        'BAD_INPUT',
        `${where(stamp.name)}: "${String(raw)}" is not a time; ${TIME_HELP}`,
      );
    let id: string | undefined;
    if (idCol) {
      const v = idCol.vector.get(r) as unknown;
      id = v === null || v === undefined ? '' : String(v).trim();
      if (id === '') throw new BarcatError('BAD_INPUT', `${where(idCol.name)}: the event id is empty`);
    }
    cols.push(i.trim(), Math.round(ts), id, r + 1, () => where(inst.name));
  }
  return { hasIds: idCol !== undefined };
}

/** Reads an events file (CSV with a header, or Parquet); every bad value is named by file, line and column. */
export async function readEvents(file: string): Promise<Events> {
  const name = path.basename(file);
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    throw new BarcatError('NOT_FOUND', `events file ${file}: ${fsFailure(err)}`);
  }
  const sha256 = sha256Hex(bytes);
  const isParquet = bytes.length >= 4 && Buffer.from(bytes.subarray(0, 4)).toString('latin1') === 'PAR1';
  const cols = new EventColumns();
  const { hasIds } = isParquet ? await readParquetEvents(file, bytes, cols) : await readCsvEvents(file, cols);
  const line = Uint32Array.from(cols.line);
  const ids = hasIds ? cols.ids : null;
  if (ids) {
    const seen = new Map<string, number>();
    ids.forEach((id, i) => {
      const before = seen.get(id);
      if (before !== undefined)
        throw new BarcatError(
          'BAD_INPUT',
          `${isParquet ? `${name}: row ${line[i]}` : `${name}:${line[i]}`}: event id "${id}" is also at ${isParquet ? 'row ' : 'line '}${line[before]}; ids must be unique`,
        );
      seen.set(id, i);
    });
  }
  return {
    file,
    sha256,
    bytes: bytes.length,
    instruments: cols.instruments,
    inst: Uint32Array.from(cols.inst),
    ts: Float64Array.from(cols.ts),
    ids,
    line,
    instrumentAt: cols.instrumentAt,
  };
}
