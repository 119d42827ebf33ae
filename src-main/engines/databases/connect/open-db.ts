import type { DbTarget } from '../target';
import { connectClickHouse } from './ch-connection';
import type { DbConnection } from './connection';
import { connectPostgres } from './pg-connection';
import type { SavedPassword } from './pgpass';

/** `password`: the one the app keeps for this PostgreSQL connection (ClickHouse: CLICKHOUSE_PASSWORD only). */
export function connectDb(t: DbTarget, password?: SavedPassword): Promise<DbConnection> {
  return t.kind === 'postgres' ? connectPostgres(t, password) : connectClickHouse(t);
}
