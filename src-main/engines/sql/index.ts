// SQL over the catalog (DuckDB, optional): read-only views of the committed partition files.
export { runSql, type SqlAnswer, writeSqlParquet } from './run-sql';
