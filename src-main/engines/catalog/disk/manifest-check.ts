// ManifestSchema's check by hand, for the read paths (query, gaps, list): loading zod would cost a
// one-day query a sixth of its time. It accepts exactly what the schema accepts and returns the same
// manifest (unknown keys dropped, defaults filled, the timeframe's canonical spelling); what it refuses
// goes to the schema for its error. test/main/catalog/read/manifest-check.test.ts proves the two agree.
import { checkIbkrSeries } from '../../../../src-shared/domain/ibkr-series';
import { normalizePart, partProblem } from '../../../../src-shared/domain/series';
import { parseTimeframe } from '../../../../src-shared/domain/timeframe';
import type { Equal, Same } from '../../../../src-shared/type-equal';
import { parsePartitionFileName } from './layout';
import { type LastWrite, MANIFEST_FORMAT, type Manifest } from './manifest';
import type {
  LastWriteSchema,
  ManifestSchema,
  PartitionEntrySchema,
  QuarantineEntrySchema,
  RowGroupEntrySchema,
} from './manifest-schema';

type Obj = Record<string, unknown>;

/** Thrown inside the check when a value is refused: caught once at its top. */
const REFUSED = Symbol('refused');

function refuse(): never {
  throw REFUSED;
}

function obj(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : refuse();
}

function arr<T>(v: unknown, each: (x: unknown) => T): T[] {
  return Array.isArray(v) ? v.map(each) : refuse();
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : refuse();
}

/** zod's z.number(): finite numbers only. */
function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : refuse();
}

/** zod's z.number().int(): safe integers only. */
function int(v: unknown): number {
  return Number.isSafeInteger(v) ? (v as number) : refuse();
}

function partitionFile(v: unknown): string {
  const f = str(v);
  return parsePartitionFileName(f) !== undefined ? f : refuse();
}

function part(v: unknown, what: 'venue' | 'symbol'): string {
  const p = str(v);
  return partProblem(p, what) === undefined && normalizePart(p) === p ? p : refuse();
}

function rowGroup(v: unknown) {
  const o = obj(v);
  return { rows: int(o.rows), minTs: num(o.minTs), maxTs: num(o.maxTs) };
}

function partition(v: unknown) {
  const p = obj(v);
  const out = {
    key: str(p.key),
    file: partitionFile(p.file),
    minTs: num(p.minTs),
    maxTs: num(p.maxTs),
    rows: int(p.rows),
    bytes: int(p.bytes),
    sha256: str(p.sha256),
    writtenAt: int(p.writtenAt),
    rowGroups: arr(p.rowGroups, rowGroup),
    covered: arr(p.covered, (c) => {
      const pair = arr(c, num);
      return pair.length === 2 ? (pair as [number, number]) : refuse();
    }),
    extraColumns: p.extraColumns === undefined ? [] : arr(p.extraColumns, str),
  };
  return parsePartitionFileName(out.file)?.partKey === out.key ? out : refuse();
}

function counts(v: unknown) {
  const c = obj(v);
  return { added: int(c.added), replaced: int(c.replaced), removed: int(c.removed) };
}

function undo(v: unknown) {
  const u = obj(v);
  return { at: int(u.at), generations: arr(u.generations, int) };
}

function lastWriteOf(w: Obj) {
  return {
    at: int(w.at),
    source: str(w.source),
    mode: str(w.mode),
    ...(w.counts === undefined ? {} : { counts: counts(w.counts) }),
    ...(w.undo === undefined ? {} : { undo: undo(w.undo) }),
  };
}

function lastWrite(v: unknown): LastWrite | null {
  return v === undefined || v === null ? null : lastWriteOf(obj(v));
}

function checkedEmpty(v: unknown) {
  const o = obj(v);
  return { from: int(o.from), to: int(o.to), provider: str(o.provider), checkedAt: int(o.checkedAt) };
}

function quarantined(v: unknown) {
  const o = obj(v);
  return {
    file: str(o.file),
    movedTo: str(o.movedTo),
    reason: str(o.reason),
    at: int(o.at),
    lostFrom: num(o.lostFrom),
    lostTo: num(o.lostTo),
  };
}

function manifestOf(m: Obj) {
  const tf = parseTimeframe(str(m.timeframe));
  if ('error' in tf) refuse();
  // Keys in the schema's order: a manifest written back keeps the bytes the schema's result would give.
  return {
    format: MANIFEST_FORMAT as typeof MANIFEST_FORMAT,
    series: str(m.series),
    venue: part(m.venue, 'venue'),
    symbol: part(m.symbol, 'symbol'),
    timeframe: tf.timeframe,
    calendar: str(m.calendar),
    ...(m.provider === undefined ? {} : { provider: m.provider === null ? null : str(m.provider) }),
    ...(m.ibkr === undefined ? {} : { ibkr: checkIbkrSeries(m.ibkr) ?? refuse() }),
    generation: int(m.generation),
    partitions: arr(m.partitions, partition),
    checkedEmpty: arr(m.checkedEmpty, checkedEmpty),
    lastWrite: lastWrite(m.lastWrite),
    pendingDelete: m.pendingDelete === undefined ? [] : arr(m.pendingDelete, partitionFile),
    quarantined: m.quarantined === undefined ? [] : arr(m.quarantined, quarantined),
  };
}

function manifest(v: unknown): Manifest {
  const m = obj(v);
  if (m.format !== MANIFEST_FORMAT) refuse();
  return manifestOf(m);
}

// Compile-time: every builder fills exactly the keys of its schema's shape, so a key added to a schema
// (even an optional one) fails to compile here instead of being dropped at the next writeManifest.
type Built<F extends (...a: never[]) => unknown> = keyof ReturnType<F>;
type ShapeKeys<S extends { shape: object }> = keyof S['shape'];
type Nested<T, K extends keyof T> = keyof NonNullable<T[K]>;
export type HandCheckKeysAgree = [
  Same<Equal<Built<typeof manifestOf>, ShapeKeys<typeof ManifestSchema>>>,
  Same<Equal<Built<typeof partition>, ShapeKeys<typeof PartitionEntrySchema>>>,
  Same<Equal<Built<typeof rowGroup>, ShapeKeys<typeof RowGroupEntrySchema>>>,
  Same<Equal<Built<typeof checkedEmpty>, keyof Manifest['checkedEmpty'][number]>>,
  Same<Equal<Built<typeof lastWriteOf>, ShapeKeys<typeof LastWriteSchema>>>,
  Same<Equal<Built<typeof counts>, Nested<LastWrite, 'counts'>>>,
  Same<Equal<Built<typeof undo>, Nested<LastWrite, 'undo'>>>,
  Same<Equal<Built<typeof quarantined>, ShapeKeys<typeof QuarantineEntrySchema>>>,
];

/** The manifest ManifestSchema would parse `json` to, or undefined where the schema finds it invalid. */
export function checkManifest(json: unknown): Manifest | undefined {
  try {
    return manifest(json);
  } catch (err) {
    if (err === REFUSED) return undefined;
    throw err;
  }
}
