import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../src-main/hosts/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
}

/** Runs `barcat ARGS` in this process as bin.ts does, with exactly `env`, its output collected. */
export async function runCliCaptured(
  args: string[],
  opts: { env: NodeJS.ProcessEnv; cwd?: string; stdin?: string },
): Promise<CliRun> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d: Buffer) => out.push(Buffer.from(d)));
  stderr.on('data', (d: Buffer) => err.push(Buffer.from(d)));
  const code = await runCli(args, {
    stdout,
    stderr,
    stdin: Readable.from(opts.stdin === undefined ? [] : [Buffer.from(opts.stdin)]),
    env: opts.env,
    cwd: opts.cwd ?? process.cwd(),
  });
  const stdoutBytes = Buffer.concat(out);
  return {
    code,
    stdout: stdoutBytes.toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
    stdoutBytes,
  };
}
