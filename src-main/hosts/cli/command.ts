import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface CommandArgs {
  /** Options after parsing (the command's own plus the global ones). */
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
  /** Resolved catalog folder (--catalog, else BARCAT_CATALOG, else the user's data folder). */
  catalogDir: string;
  /** True when neither --catalog nor BARCAT_CATALOG named the folder (the user data folder). */
  catalogIsDefault: boolean;
  json: boolean;
  io: CliIO;
}

/** One `barcat` sub-command. `run` returns the exit code; it throws BarcatError for failures. */
export interface Command {
  name: string;
  summary: string;
  /** Usage line(s) after `barcat `, e.g. `gaps SERIES [--from ISO] [--to ISO]`. */
  usage: string;
  options: OptionSpec;
  run(args: CommandArgs): Promise<number>;
}
