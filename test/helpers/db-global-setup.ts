// The db project's servers: one private PostgreSQL and one private ClickHouse per vitest run, stopped at
// the end. Test files read their addresses with inject('pgUrl') / inject('chUrl').
import type { TestProject } from 'vitest/node';
import { startClickHouse } from './db-servers/clickhouse';
import { startPostgres } from './db-servers/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    chUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const pg = await startPostgres();
  let ch: Awaited<ReturnType<typeof startClickHouse>>;
  try {
    ch = await startClickHouse();
  } catch (err) {
    pg.stop();
    throw err;
  }
  project.provide('pgUrl', pg.url);
  project.provide('chUrl', ch.httpUrl);
  return async () => {
    pg.stop();
    await ch.stop();
  };
}
