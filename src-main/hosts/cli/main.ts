import path from 'node:path';
import { parseArgs } from 'node:util';
import { exitCodeFor } from '../../../src-shared/wire';
import { BarcatError, toWireError } from '../../plumbing/errors';
import type { CliIO, Command, OptionSpec } from './command';
import { COMMANDS } from './commands/index';
import { OutputError, outputFailure, watchOutput } from './output-errors';
import { defaultCatalogDir } from './paths';

const GLOBAL_OPTIONS: OptionSpec = {
  catalog: { type: 'string' },
  json: { type: 'boolean', default: false },
  debug: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};

function helpText(): string {
  const lines = [
    'barcat: a local catalog of clean OHLCV bars in Parquet',
    '',
    'Usage: barcat COMMAND [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'Every command takes --catalog DIR (default: $BARCAT_CATALOG, else the user data folder),',
    '--json for machine output, --debug for stack traces. Ranges are half-open [from, to).',
    'Exit codes: 0 ok, 1 data problem, 2 bad input or usage, 3 provider or connection error, 4 internal.',
  ];
  return `${lines.join('\n')}\n`;
}

function commandHelp(c: Command): string {
  return `Usage: barcat ${c.usage}\n\n${c.summary}\n`;
}

/** Runs one CLI invocation; returns the exit code. Never throws. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  let debug = rest.includes('--debug') || argv.includes('--debug');
  const outputError = watchOutput(io.stdout);
  try {
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      io.stdout.write(helpText());
      return name ? 0 : 2;
    }
    if (name === '--version') {
      io.stdout.write('barcat 0.1.0\n');
      return 0;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command)
      throw new BarcatError('USAGE', `unknown command "${name}"; run "barcat --help" for the list`);
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...GLOBAL_OPTIONS, ...command.options },
        allowPositionals: true,
        strict: true,
      });
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      throw new BarcatError('USAGE', `${msg}; usage: barcat ${command.usage}`);
    }
    const values = parsed.values as Record<string, string | boolean | undefined>;
    debug = values.debug === true;
    if (values.help) {
      io.stdout.write(commandHelp(command));
      return 0;
    }
    const catalogOpt = values.catalog;
    const catalogDir =
      typeof catalogOpt === 'string' ? path.resolve(io.cwd, catalogOpt) : defaultCatalogDir(io.env);
    const code = await command.run({
      values: parsed.values,
      positionals: parsed.positionals,
      catalogDir,
      catalogIsDefault: typeof catalogOpt !== 'string' && !io.env.BARCAT_CATALOG,
      json: values.json === true,
      io,
    });
    // A failed write reports its error on a later tick.
    await new Promise((r) => setImmediate(r));
    const failed = outputError();
    return failed ? outputFailure(failed, io.stderr) : code;
  } catch (err) {
    const failed = err instanceof OutputError ? err.errno : outputError();
    if (failed) return outputFailure(failed, io.stderr);
    const wire = toWireError(err);
    io.stderr.write(`barcat: ${wire.message}\n`);
    if (debug && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return exitCodeFor(wire.code);
  }
}
