import type { DbTarget } from '../target';
import { connectClickHouse } from './ch-connection';
import type { DbConnection } from './connection';
import { connectPostgres } from './pg-connection';

export function connectDb(t: DbTarget): Promise<DbConnection> {
  return t.kind === 'postgres' ? connectPostgres(t) : connectClickHouse(t);
}
