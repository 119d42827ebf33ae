import { createInterface } from 'node:readline/promises';
import type { CliIO } from '../command';

/** Asks a yes/no question on a terminal; only "y" or "yes" agrees. */
export async function confirm(io: CliIO, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
