import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { BarcatError } from '../../../plumbing/errors';
import type { ColumnKind, DbColumn, DbFrom } from '../plan';
import { fromClause } from '../sql';
import { type DbTarget, targetLabel } from '../target';
import type { DbConnection } from './connection';
import { pgPassword, type SavedPassword } from './pgpass';

// Type OIDs (pg_type): how each is read.
const KINDS: Record<number, [string, ColumnKind]> = {
  1184: ['timestamptz', 'instant'],
  1114: ['timestamp', 'wall'],
  1082: ['date', 'date'],
  20: ['bigint', 'integer'],
  21: ['smallint', 'integer'],
  23: ['integer', 'integer'],
  700: ['real', 'number'],
  701: ['double precision', 'number'],
  1700: ['numeric', 'number'],
  25: ['text', 'text'],
  1043: ['varchar', 'text'],
  1042: ['char', 'text'],
  19: ['name', 'text'],
};

/**
 * Connects; the password is looked up only when the server asks (pgpass.ts: the app's saved one,
 * PGPASSWORD, the password file). Times travel as integers (see sql.ts), so the session zone never
 * changes a value; it is set to UTC anyway.
 */
export async function connectPostgres(t: DbTarget, saved?: SavedPassword): Promise<DbConnection> {
  const client = new pg.Client({
    host: t.host,
    port: t.port,
    user: t.user,
    database: t.database,
    password: () => pgPassword(t, saved),
  });
  try {
    await client.connect();
    await client.query("SET TimeZone = 'UTC'");
  } catch (err) {
    await client.end().catch(() => undefined);
    throw new BarcatError('BAD_INPUT', `cannot connect to ${targetLabel(t)}: ${(err as Error).message}`, {
      reason: 'db_connect',
    });
  }
  return {
    async describe(from: DbFrom): Promise<DbColumn[]> {
      const r = await client
        .query(`SELECT * FROM ${fromClause('postgres', from)} LIMIT 0`)
        .catch((err: Error) => {
          throw new BarcatError('BAD_INPUT', `${targetLabel(t)}: ${err.message}`, { reason: 'db_query' });
        });
      return r.fields.map((f) => {
        const [type, kind] = KINDS[f.dataTypeID] ?? [`oid ${f.dataTypeID}`, 'other'];
        return { name: f.name, type, kind };
      });
    },
    async *tsv(sql: string, signal?: AbortSignal): AsyncIterable<Buffer> {
      const stream = client.query(copyTo(`COPY (${sql}) TO STDOUT`));
      const onAbort = () => stream.destroy(Object.assign(new Error('cancelled'), { name: 'AbortError' }));
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        for await (const chunk of stream) yield chunk as Buffer;
      } catch (err) {
        if ((err as Error).name === 'AbortError') throw err;
        throw new BarcatError('BAD_INPUT', `${targetLabel(t)}: ${(err as Error).message}`, {
          reason: 'db_query',
        });
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    },
    async close() {
      await client.end();
    },
  };
}
