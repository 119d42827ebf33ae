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
