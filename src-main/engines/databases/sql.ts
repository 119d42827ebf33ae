import { type DbFrom, type DbImportPlan, seriesColumns, valueFields } from './plan';
import type { DbKind } from './target';

/** One SQL dialect: quoting and the expressions a row is read with (all as text in TSV). */
interface Dialect {
  ident(name: string): string;
  literal(text: string): string;
  /** The ts key as an integer: ms (civil ms for naive times and dates), or the raw integer. */
  tsKey(col: string, kind: DbImportPlan['tsKind']): string;
  text(col: string): string;
  number(col: string): string;
}

const pgString = (s: string) => `'${s.replaceAll("'", "''")}'`;

const POSTGRES: Dialect = {
  ident: (n) => `"${n.replaceAll('"', '""')}"`,
  literal: (s) => (s.includes('\\') ? `E${pgString(s.replaceAll('\\', '\\\\'))}` : pgString(s)),
  // extract(epoch) of a naive timestamp or a date counts as if it were UTC: the civil time, zone applied later.
  tsKey: (c, kind) =>
    kind === 'integer' ? `(${c})::bigint` : `floor(extract(epoch from ${c}) * 1000)::bigint`,
  text: (c) => `(${c})::text`,
  number: (c) => `(${c})::float8`,
};

const CLICKHOUSE: Dialect = {
  ident: (n) => `\`${n.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``,
  literal: (s) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`,
  // 18.16 has DateTime (seconds, an instant) and Date (days); no DateTime64.
  tsKey: (c, kind) =>
    kind === 'integer'
      ? `toInt64(${c})`
      : kind === 'date'
        ? `toInt64(toUInt16(${c})) * 86400000`
        : `toInt64(toUInt32(${c})) * 1000`,
  text: (c) => `toString(${c})`,
  number: (c) => `toFloat64(${c})`,
};

export function dialect(kind: DbKind): Dialect {
  return kind === 'postgres' ? POSTGRES : CLICKHOUSE;
}

/** The FROM clause: a (possibly schema-qualified) table, or the user's query as a subquery. */
export function fromClause(kind: DbKind, from: DbFrom): string {
  const d = dialect(kind);
  if ('query' in from) return `(${from.query.trim().replace(/;\s*$/, '')}) AS barcat_src`;
  return from.table
    .split('.')
    .map((p) => d.ident(p))
    .join('.');
}

/**
 * The rows of a plan, ordered by the key (ts key, then the series columns), after `after` when
 * resuming: each row is [tsKey, ...series columns, ...value fields] as text.
 */
export function rowsQuery(plan: DbImportPlan, after: readonly string[] | null): string {
  const kind = plan.target.kind;
  const d = dialect(kind);
  const col = (name: string) => d.ident(name);
  const tsCol = plan.map.ts as string;
  const keyExprs = [
    d.tsKey(col(tsCol), plan.tsKind),
    ...seriesColumns(plan.series).map((c) => d.text(col(c))),
  ];
  const values = valueFields(plan).map((f) => d.number(col(plan.map[f] as string)));
  let sql = `SELECT ${[...keyExprs, ...values].join(', ')} FROM ${fromClause(kind, plan.from)}`;
  const conds = [`${col(tsCol)} IS NOT NULL`];
  if (after) {
    if (after.length !== keyExprs.length) throw new Error('watermark does not match the plan key');
    const lits = after.map((v, i) => (i === 0 ? String(BigInt(v)) : d.literal(v)));
    conds.push(
      keyExprs.length === 1
        ? `${keyExprs[0]} > ${lits[0]}`
        : `(${keyExprs.join(', ')}) > (${lits.join(', ')})`,
    );
  }
  sql += ` WHERE ${conds.join(' AND ')} ORDER BY ${keyExprs.join(', ')}`;
  return sql;
}

/** The rows whose time is NULL: counted and reported, never silently dropped. */
export function nullTimeQuery(plan: DbImportPlan): string {
  const d = dialect(plan.target.kind);
  return `SELECT count(*) FROM ${fromClause(plan.target.kind, plan.from)} WHERE ${d.ident(plan.map.ts as string)} IS NULL`;
}

/**
 * [float sum, exact bit sum] of a column: the sum of each value's 64-bit pattern, exact (numeric in
 * PostgreSQL, modulo 2^64 in ClickHouse). NaN counts as absent, as the reader and the catalog take it.
 */
const SUMS: Record<DbKind, (num: string) => [string, string]> = {
  postgres: (n) => {
    const v = `NULLIF(${n}, 'NaN'::float8)`;
    return [`sum(${v})`, `sum(('x' || encode(float8send(${v}), 'hex'))::bit(64)::bigint)`];
  },
  // 18.16 cannot reinterpret a Float64 as UInt64 directly; through its bytes it can.
  clickhouse: (n) => [
    `sum(if(isNaN(${n}), 0, ${n}))`,
    `sum(if(isNaN(${n}), toUInt64(0), reinterpretAsUInt64(reinterpretAsString(${n}))))`,
  ],
};

/** The UTC month of a ts key in ms, as YYYYMM. */
const MONTH: Record<DbKind, (key: string) => string> = {
  postgres: (k) => `to_char(to_timestamp((${k}) / 1000.0) AT TIME ZONE 'UTC', 'YYYYMM')`,
  clickhouse: (k) => `toString(toYYYYMM(toDateTime(intDiv(${k}, 1000), 'UTC')))`,
};

/**
 * The parity check's database side in one aggregate query: per series columns and UTC month of
 * the ts key, [...series columns, YYYYMM, count, min key, max key, sum close, sum volume, close bit
 * sum, volume bit sum]. Only where the key is the bar's time (instants, dates): naive times take
 * their zone and integers their unit per value in the reader, so those are compared row by row.
 */
export function parityAggregateQuery(plan: DbImportPlan): string | null {
  if (plan.tsKind !== 'instant' && plan.tsKind !== 'date') return null;
  const kind = plan.target.kind;
  const d = dialect(kind);
  const col = (name: string) => d.ident(name);
  const key = d.tsKey(col(plan.map.ts as string), plan.tsKind);
  const series = seriesColumns(plan.series).map((c, i) => `${d.text(col(c))} AS s${i}`);
  const num = (f: 'close' | 'volume') => (plan.map[f] ? d.number(col(plan.map[f] as string)) : null);
  const sums = (['close', 'volume'] as const).flatMap((f) => {
    const n = num(f);
    return n ? SUMS[kind](n) : ['0', '0'];
  });
  const [sumClose, closeBits, sumVolume, volumeBits] = sums;
  const cols = [
    ...series,
    `${MONTH[kind](key)} AS m`,
    kind === 'postgres' ? 'count(*)' : 'count()',
    `min(${key})`,
    `max(${key})`,
    sumClose,
    sumVolume,
    closeBits,
    volumeBits,
  ];
  const groups = [...series.map((_, i) => `s${i}`), 'm'];
  return `SELECT ${cols.join(', ')} FROM ${fromClause(kind, plan.from)} WHERE ${col(plan.map.ts as string)} IS NOT NULL GROUP BY ${groups.join(', ')}`;
}
