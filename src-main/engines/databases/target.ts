import { BarcatError } from '../../plumbing/errors';

export type DbKind = 'postgres' | 'clickhouse';

/** Where a database is; never a password (PGPASSWORD / .pgpass, CLICKHOUSE_PASSWORD supply it). */
export interface DbTarget {
  kind: DbKind;
  host: string;
  port: number;
  user: string;
  database: string;
}

const DEFAULT_PORT: Record<DbKind, number> = { postgres: 5432, clickhouse: 8123 };

/**
 * `postgres://USER@HOST:PORT/DB` or `clickhouse://USER@HOST:PORT/DB` (ClickHouse's HTTP port). A URL
 * carrying a password is refused: it would sit in the shell history, the process list and logs.
 */
export function parseDbTarget(text: string): DbTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BarcatError(
      'USAGE',
      `"${withoutUserinfo(text)}" is not a database URL (user and password left out of this message); use postgres://USER@HOST:PORT/DB or clickhouse://USER@HOST:PORT/DB`,
    );
  }
  const scheme = url.protocol.replace(/:$/, '');
  const kind: DbKind | undefined =
    scheme === 'postgres' || scheme === 'postgresql'
      ? 'postgres'
      : scheme === 'clickhouse'
        ? 'clickhouse'
        : undefined;
  if (!kind)
    throw new BarcatError(
      'USAGE',
      `database URL scheme "${scheme}" is not supported; use postgres:// or clickhouse://`,
    );
  if (url.password)
    throw new BarcatError(
      'USAGE',
      kind === 'postgres'
        ? 'the database URL carries a password: remove it and set PGPASSWORD or use ~/.pgpass (passwords never go on the command line)'
        : 'the database URL carries a password: remove it and set CLICKHOUSE_PASSWORD (passwords never go on the command line)',
    );
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database)
    throw new BarcatError(
      'USAGE',
      `the database URL names no database; add /DB, e.g. ${scheme}://user@localhost/market`,
    );
  return {
    kind,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : DEFAULT_PORT[kind],
    user: decodeURIComponent(url.username) || (kind === 'postgres' ? 'postgres' : 'default'),
    database,
  };
}

/** The text with everything between `://` and the last `@` dropped: a password may hold `/` or `@`. */
function withoutUserinfo(text: string): string {
  return text.replace(/^([^:/]*:\/\/)[\s\S]*@/, '$1');
}

/** The target as text for messages and the watermark: never a password, since it never holds one. */
export function targetLabel(t: DbTarget): string {
  return `${t.kind}://${t.user}@${t.host}:${t.port}/${t.database}`;
}
