import type { Command } from '../../command';
import { CREATE_OPTION, writeOpenOptions } from '../../io/open';

export const writeCommand: Command = {
  name: 'write',
  summary: 'Write bars from canonical CSV (ts,open,high,low,close,volume) into a series',
  usage: 'write SERIES --mode skip|overwrite|merge [FILE|-] [--create]',
  options: { mode: { type: 'string' }, ...CREATE_OPTION },
  async run({ values, positionals, catalogDir, catalogIsDefault, json, io }) {
    const { BarcatError } = await import('../../../../plumbing/errors');
    const { parseSeriesArg } = await import('../../io/args');
    const key = parseSeriesArg(positionals, writeCommand.usage);
    const mode = values.mode;
    if (mode !== 'skip' && mode !== 'overwrite' && mode !== 'merge')
      throw new BarcatError(
        'USAGE',
        `--mode must be skip, overwrite or merge${mode === undefined ? '' : ` (got "${mode}")`}; usage: barcat ${writeCommand.usage}`,
      );
    const { readInput } = await import('../../io/output');
    const { atCsvLine, parseCanonicalCsv } = await import('../../io/csv');
    const { openCatalog } = await import('../../../../engines/catalog/index');
    const { text, source } = await readInput(positionals[1] ?? '-', io);
    const batch = parseCanonicalCsv(text, source);
    const catalog = await openCatalog(catalogDir, writeOpenOptions({ values, catalogIsDefault }));
    try {
      const r = await catalog.write(key, batch, mode, { source: 'cli:write' }).catch((err: unknown) => {
        throw atCsvLine(err, source);
      });
      if (json) io.stdout.write(`${JSON.stringify(r)}\n`);
      else
        io.stdout.write(
          `${positionals[0]}: added ${r.added}, replaced ${r.replaced}, removed ${r.removed}, skipped ${r.skipped}; ${r.partitionsWritten} partition files written\n`,
        );
      return 0;
    } finally {
      await catalog.close();
    }
  },
};
