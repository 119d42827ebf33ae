import type { CommandArgs } from './command';
import { withReadCatalog } from './io/open';

/** `barcat export SERIES... --to clickhouse://... --table T`: publish series to a ClickHouse table. */
export async function publishCommand(
  {
    values,
    positionals,
    catalogDir,
    json,
    io,
  }: Pick<CommandArgs, 'values' | 'positionals' | 'catalogDir' | 'json' | 'io'>,
  usage: string,
): Promise<number> {
  const { BarcatError } = await import('../../plumbing/errors');
  const { parseDbTarget, publishToClickHouse, targetLabel } = await import('../../engines/databases/index');
  const { parseSeriesArg, parseTime } = await import('./io/args');
  const target = parseDbTarget(String(values.to));
  const table = values.table;
  if (typeof table !== 'string')
    throw new BarcatError(
      'USAGE',
      `--table T names the ClickHouse table to publish to; usage: barcat ${usage}`,
    );
  if (positionals.length === 0) parseSeriesArg(positionals, usage);
  const series = positionals.map((p) => parseSeriesArg([p], usage));
  const from = parseTime(values.from, '--from');
  return withReadCatalog(catalogDir, async (catalog) => {
    const r = await publishToClickHouse(
      catalog,
      target,
      table,
      series,
      from === undefined ? undefined : { from, to: 8.64e15 },
    );
    if (json) io.stdout.write(`${JSON.stringify(r)}\n`);
    else
      for (const p of r)
        io.stdout.write(`${p.series}: ${p.bars} bars -> ${targetLabel(target)} table ${table}\n`);
    return 0;
  });
}
