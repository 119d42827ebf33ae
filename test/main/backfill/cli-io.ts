import { runCliCaptured } from '../../helpers/run-cli';

/** Runs `barcat` in this process, as the CLI tests of backfill do, with "now" at `now`. */
export async function cliAt(now: number, args: string[], env: Record<string, string> = {}) {
  const r = await runCliCaptured(args, {
    env: { BARCAT_NOW: String(now), BARCAT_RETRY_BASE_MS: '5', BARCAT_BACKFILL_IN_PROCESS: '1', ...env },
  });
  return { code: r.code, out: r.stdout, err: r.stderr };
}
