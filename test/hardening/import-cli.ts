import { runCliCaptured } from '../helpers/run-cli';

/** Runs `barcat ARGS` in-process as bin.ts does, its output collected. */
export async function barcat(
  args: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCliCaptured(args, { env: {}, cwd });
}
