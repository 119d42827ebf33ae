import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCliCaptured } from '../../helpers/run-cli';

/** Runs `barcat` in this process, as the CLI tests of backfill do, with "now" at `now`. */
export async function cliAt(now: number, args: string[], env: Record<string, string> = {}) {
  const r = await runCliCaptured(args, {
    env: { BARCAT_NOW: String(now), BARCAT_RETRY_BASE_MS: '5', BARCAT_BACKFILL_IN_PROCESS: '1', ...env },
  });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../out/node/barcat.js');

/** Starts the built `barcat` as its own process (for kills and locks across processes); stdout and stderr together. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

/** The arguments of `barcat backfill SERIES` from binance-spot over [from, to) at the stand-in, into the test catalog. */
export function binanceBackfillArgs(
  f: { server: { url: string }; cat: { dir: string } },
  range: { series: string; from: string; to: string },
  ...more: string[]
): string[] {
  return [
    'backfill',
    range.series,
    '--provider',
    'binance-spot',
    '--from',
    range.from,
    '--to',
    range.to,
    '--base-url',
    f.server.url,
    '--catalog',
    f.cat.dir,
    ...more,
  ];
}
