import type { CommandArgs } from './command';

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
  const { openCatalog } = await import('../../engines/catalog/index');
  const { READ_OPEN } = await import('./io/open');
  const target = parseDbTarget(String(values.to));
  if (typeof values.table !== 'string')
    throw new BarcatError(
      'USAGE',
      `--table T names the ClickHouse table to publish to; usage: barcat ${usage}`,
    );
  if (positionals.length === 0) parseSeriesArg(positionals, usage);
  const series = positionals.map((p) => parseSeriesArg([p], usage));
  const from = parseTime(values.from, '--from');
  const catalog = await openCatalog(catalogDir, READ_OPEN);
  try {
    const r = await publishToClickHouse(
      catalog,
      target,
      values.table,
      series,
      from === undefined ? undefined : { from, to: 8.64e15 },
    );
    if (json) io.stdout.write(`${JSON.stringify(r)}\n`);
    else
      for (const p of r)
        io.stdout.write(`${p.series}: ${p.bars} bars -> ${targetLabel(target)} table ${values.table}\n`);
    return 0;
  } finally {
    await catalog.close();
  }
}
