import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Table, Vector } from 'apache-arrow';
import { sha256Hex } from '../../../plumbing/sha256';
import { arrowLib, type BarBatch, batchOf, batchToArrow } from '../../catalog/index';
import { encodeTableParquet } from '../parquet';

/** One file of the lake as the manifest lists it; `path` is relative to the export folder, `/`-separated. */
export interface LakeFile {
  path: string;
  bytes: number;
  rows: number;
  sha256: string;
}

// Rows a part file holds: bounds the memory of a part being built (~60 MB) whatever the export's size.
export const PART_ROWS = 500_000;

// Coverage rows are objects (~300 bytes with their text): a smaller part keeps them to ~30 MB.
const COVERAGE_PART_ROWS = 100_000;

const partName = (n: number) => `part-${String(n).padStart(4, '0')}.parquet`;

async function writePart(root: string, rel: string, table: Table, files: LakeFile[]): Promise<void> {
  const bytes = encodeTableParquet(table, {});
  const file = path.join(root, ...rel.split('/'));
  await fs.mkdir(path.dirname(file), { recursive: true });
  const handle = await fs.open(file, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  files.push({ path: rel, bytes: bytes.length, rows: table.numRows, sha256: sha256Hex(bytes) });
}

function utf8(values: string[]): Vector {
  const { vectorFromArray, Utf8 } = arrowLib();
  return vectorFromArray(values, new Utf8());
}

/**
 * Text that repeats (an event's id on each of its bars) as an Arrow dictionary: each distinct value
 * is encoded once, which makes building a part several times faster; Parquet readers see plain text.
 */
class DictColumn {
  private readonly index = new Map<string, number>();
  private values: string[] = [];
  readonly keys = new Int32Array(PART_ROWS);

  set(i: number, value: string): void {
    let k = this.index.get(value);
    if (k === undefined) {
      k = this.values.length;
      this.values.push(value);
      this.index.set(value, k);
    }
    this.keys[i] = k;
  }

  /** The first n rows as a vector; the column starts empty again. */
  take(n: number): Vector {
    const { Dictionary, Int32, makeData, makeVector, Utf8 } = arrowLib();
    const data = makeData({
      type: new Dictionary(new Utf8(), new Int32()),
      length: n,
      data: this.keys.slice(0, n),
      dictionary: utf8(this.values),
    });
    this.index.clear();
    this.values = [];
    return makeVector(data);
  }
}

function int32(values: Int32Array): Vector {
  return arrowLib().makeVector(values);
}

function timestamps(values: Float64Array): Vector {
  const { makeData, makeVector, TimestampMillisecond } = arrowLib();
  const data = BigInt64Array.from(values, (t) => BigInt(t));
  return makeVector(makeData({ type: new TimestampMillisecond('UTC'), length: values.length, data }));
}

/**
 * Bars of the windows, one part file per PART_ROWS rows under `bars/bucket=XX/`, parts numbered from
 * 0000 in each bucket in the order rows come: the caller's order makes the files.
 */
export class BarSink {
  private bucket = '';
  private part = 0;
  private n = 0;
  private readonly event = new DictColumn();
  private readonly instrument = new DictColumn();
  private readonly offset = new Int32Array(PART_ROWS);
  // Written out, not allocBatch: trades and vwap are always here, so push() needs no check per row.
  private readonly cols = {
    ts: new Float64Array(PART_ROWS),
    open: new Float64Array(PART_ROWS),
    high: new Float64Array(PART_ROWS),
    low: new Float64Array(PART_ROWS),
    close: new Float64Array(PART_ROWS),
    volume: new Float64Array(PART_ROWS),
    trades: new Float64Array(PART_ROWS),
    vwap: new Float64Array(PART_ROWS),
  };

  constructor(
    private readonly root: string,
    readonly files: LakeFile[],
  ) {}

  async startBucket(bucket: string): Promise<void> {
    if (bucket === this.bucket) return;
    await this.flush();
    this.bucket = bucket;
    this.part = 0;
  }

  /**
   * Adds bar `j` of `bars`; trades/vwap the series does not have are written as null. True when the
   * part is full: the caller awaits flush() (no promise per row on the hot path).
   */
  push(event: string, instrument: string, offset: number, bars: BarBatch, j: number): boolean {
    const i = this.n++;
    this.event.set(i, event);
    this.instrument.set(i, instrument);
    this.offset[i] = offset;
    const c = this.cols;
    c.ts[i] = bars.ts[j]!;
    c.open[i] = bars.open[j]!;
    c.high[i] = bars.high[j]!;
    c.low[i] = bars.low[j]!;
    c.close[i] = bars.close[j]!;
    c.volume[i] = bars.volume[j]!;
    c.trades[i] = bars.trades ? bars.trades[j]! : Number.NaN;
    c.vwap[i] = bars.vwap ? bars.vwap[j]! : Number.NaN;
    return this.n === PART_ROWS;
  }

  async flush(): Promise<void> {
    const n = this.n;
    if (n === 0) return;
    const c = this.cols;
    const batch: BarBatch = {
      ...batchOf(n, (k) => c[k].slice(0, n)),
      trades: c.trades.slice(0, n),
      vwap: c.vwap.slice(0, n),
    };
    const { Table: ArrowTable } = arrowLib();
    const keys = new ArrowTable({
      event: this.event.take(n),
      instrument: this.instrument.take(n),
      offset: int32(this.offset.slice(0, n)),
    });
    const table = keys.assign(batchToArrow(batch));
    this.n = 0;
    await writePart(this.root, `bars/bucket=${this.bucket}/${partName(this.part++)}`, table, this.files);
  }
}

/** One event's line of the coverage table. */
export interface CoverageRow {
  event: string;
  instrument: string;
  series: string;
  eventTs: number;
  from: number;
  to: number;
  expected: number;
  present: number;
  /** Bars inside [from, to) that are in no session slot (pre-market bars of a regular-hours series): not exported. */
  outsideSession: number;
  missingBars: number;
  checkedEmptyBars: number;
  /** JSON arrays of [from, to) ISO pairs. */
  missing: string;
  checkedEmpty: string;
  /** Resampled windows: bars whose bucket lacks source bars (counted present, flagged here), and their runs. */
  partialBars: number;
  partial: string;
}

const COVERAGE_TEXT = ['event', 'instrument', 'series', 'missing', 'checkedEmpty', 'partial'] as const;
const COVERAGE_TIMES = ['eventTs', 'from', 'to'] as const;
const COVERAGE_COUNTS = [
  'expected',
  'present',
  'outsideSession',
  'missingBars',
  'checkedEmptyBars',
  'partialBars',
] as const;
/** Column names in the Parquet file (snake case, as DuckDB and pandas users write them). */
const COLUMN_NAME: Record<keyof CoverageRow, string> = {
  event: 'event',
  instrument: 'instrument',
  series: 'series',
  eventTs: 'event_ts',
  from: 'from',
  to: 'to',
  expected: 'expected',
  present: 'present',
  outsideSession: 'outside_session',
  missingBars: 'missing_bars',
  checkedEmptyBars: 'checked_empty_bars',
  missing: 'missing',
  checkedEmpty: 'checked_empty',
  partialBars: 'partial_bars',
  partial: 'partial',
};
export const COVERAGE_COLUMNS = COLUMN_NAME;

/** The coverage table: `coverage/part-NNNN.parquet`, one row per event in the bars' order. */
export class CoverageSink {
  private rows: CoverageRow[] = [];
  private part = 0;

  constructor(
    private readonly root: string,
    readonly files: LakeFile[],
  ) {}

  async push(row: CoverageRow): Promise<void> {
    this.rows.push(row);
    if (this.rows.length === COVERAGE_PART_ROWS) await this.flush();
  }

  async flush(): Promise<void> {
    const rows = this.rows;
    if (rows.length === 0) return;
    this.rows = [];
    const columns: Record<string, Vector> = {};
    for (const name of Object.keys(COLUMN_NAME) as (keyof CoverageRow)[]) {
      const col = COLUMN_NAME[name];
      if ((COVERAGE_TEXT as readonly string[]).includes(name))
        columns[col] = utf8(rows.map((r) => r[name] as string));
      else if ((COVERAGE_TIMES as readonly string[]).includes(name))
        columns[col] = timestamps(Float64Array.from(rows, (r) => r[name] as number));
      else if ((COVERAGE_COUNTS as readonly string[]).includes(name))
        columns[col] = int32(Int32Array.from(rows, (r) => r[name] as number));
    }
    const { Table: ArrowTable } = arrowLib();
    await writePart(this.root, `coverage/${partName(this.part++)}`, new ArrowTable(columns), this.files);
  }
}
