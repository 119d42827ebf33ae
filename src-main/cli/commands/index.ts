import { calendarsCommand } from '../../calendars/command';
import type { Command } from '../command';
import { addCommand } from './add';
import { backfillCommand } from './backfill';
import { gapsCommand } from './gaps';
import { importCommand } from './import';
import { jobsCommand } from './jobs';
import { listCommand } from './list';
import { queryCommand } from './query';
import { rebuildCommand } from './rebuild';
import { symbolsCommand } from './symbols';
import { updateCommand } from './update';
import { verifyCommand } from './verify';
import { writeCommand } from './write';

/** Every `barcat` sub-command, in the order `barcat --help` lists them. One line per command. */
export const COMMANDS: Command[] = [
  listCommand,
  gapsCommand,
  queryCommand,
  writeCommand,
  importCommand,
  verifyCommand,
  rebuildCommand,
  calendarsCommand,
  backfillCommand,
  jobsCommand,
  symbolsCommand,
  addCommand,
  updateCommand,
];
