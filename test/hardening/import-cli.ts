import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../src-main/cli/main';

/** Runs `barcat ARGS` in-process as bin.ts does, its output collected. */
export async function barcat(
  args: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d: Buffer) => out.push(Buffer.from(d)));
  stderr.on('data', (d: Buffer) => err.push(Buffer.from(d)));
  const code = await runCli(args, { stdout, stderr, stdin: Readable.from([]), env: {}, cwd });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}
