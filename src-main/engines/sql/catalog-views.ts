import { type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import { type Catalog, seriesPartitionFiles } from '../catalog/index';

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

/**
 * The views `barcat sql` queries: one per series, named by its id ("BINANCE:BTCUSDT:1m"), over the
 * files its manifest lists; and `bars`, every series with venue, symbol and timeframe columns.
 */
export async function catalogViewSql(catalog: Catalog): Promise<string[]> {
  const out: string[] = [];
  const parts: string[] = [];
  for (const s of await catalog.listSeries()) {
    const key: SeriesKey = { venue: s.venue, symbol: s.symbol, timeframe: s.timeframe };
    const files = await seriesPartitionFiles(catalog.dir, key);
    if (files.length === 0) continue;
    const id = seriesId(key);
    out.push(
      `CREATE VIEW ${ident(id)} AS SELECT * FROM read_parquet([${files.map(lit).join(', ')}], union_by_name = true, hive_partitioning = false)`,
    );
    parts.push(
      `SELECT ${lit(key.venue)} AS venue, ${lit(key.symbol)} AS symbol, ${lit(key.timeframe)} AS timeframe, * FROM ${ident(id)}`,
    );
  }
  out.push(
    parts.length > 0
      ? `CREATE VIEW bars AS ${parts.join(' UNION ALL BY NAME ')}`
      : 'CREATE VIEW bars AS SELECT NULL::VARCHAR AS venue, NULL::VARCHAR AS symbol, NULL::VARCHAR AS timeframe, NULL::BIGINT AS ts, NULL::DOUBLE AS open, NULL::DOUBLE AS high, NULL::DOUBLE AS low, NULL::DOUBLE AS close, NULL::DOUBLE AS volume WHERE false',
  );
  return out;
}
