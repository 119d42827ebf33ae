import { PassThrough } from 'node:stream';
import { runCli } from '../../../src-main/cli/main';

/** Runs `barcat` in this process, as the CLI tests of backfill do, with "now" at `now`. */
export async function cliAt(now: number, args: string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => {
    out += d;
  });
  stderr.on('data', (d) => {
    err += d;
  });
  const code = await runCli(args, {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: { BARCAT_NOW: String(now), BARCAT_RETRY_BASE_MS: '5', BARCAT_BACKFILL_IN_PROCESS: '1', ...env },
    cwd: process.cwd(),
  });
  return { code, out, err };
}
