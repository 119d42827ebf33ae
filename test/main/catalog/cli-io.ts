import { type CliRun, runCliCaptured } from '../../helpers/run-cli';

export type { CliRun };

/** Runs `barcat ARGS` in-process with captured output. */
export function cli(args: string[], opts: { stdin?: string; cwd?: string } = {}): Promise<CliRun> {
  return runCliCaptured(args, { ...opts, env: { ...process.env, BARCAT_CATALOG: undefined } });
}
