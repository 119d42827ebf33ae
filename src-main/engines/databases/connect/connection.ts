import type { DbColumn, DbFrom } from '../plan';

/** One open database connection, as the import, the parity check and the app's preview use it. */
export interface DbConnection {
  /** The columns of a table or query (read with LIMIT 0). */
  describe(from: DbFrom): Promise<DbColumn[]>;
  /** A query's rows as tab-separated text (PostgreSQL COPY text / ClickHouse TabSeparated), streamed. */
  tsv(sql: string, signal?: AbortSignal): AsyncIterable<Buffer>;
  close(): Promise<void>;
}
