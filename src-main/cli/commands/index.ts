import type { Command } from '../command';

/** Every `barcat` sub-command, in the order `barcat --help` lists them. One line per command. */
export const COMMANDS: Command[] = [];
