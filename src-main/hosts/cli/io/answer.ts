import type { CliIO } from '../command';

/**
 * A command's answer on stdout: `value` as indented JSON under --json, else the text for people.
 * The text is built only without --json, so a formatter cannot break the machine output.
 */
export function writeAnswer(io: CliIO, json: boolean, value: unknown, text: () => string): void {
  io.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : text());
}
