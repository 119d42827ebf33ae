import type { Command } from '../command';
import { addCommand } from './add';
import { backfillCommand } from './backfill';
import { calendarsCommand } from './calendars';
import { exportCommand } from './export';
import { gapsCommand } from './gaps';
import { healthCommand } from './health';
import { importCommand } from './import';
import { jobsCommand } from './jobs';
import { listCommand } from './list';
import { qualityCommand } from './quality';
import { queryCommand } from './query';
import { rebuildCommand } from './rebuild';
import { renameCommand } from './rename';
import { symbolsCommand } from './symbols';
import { updateCommand } from './update';
import { verifyCommand } from './verify';
import { writeCommand } from './write';

/** Every `barcat` sub-command, in the order `barcat --help` lists them. One line per command. */
export const COMMANDS: Command[] = [
  listCommand,
  gapsCommand,
  queryCommand,
  exportCommand,
  writeCommand,
  importCommand,
  verifyCommand,
  rebuildCommand,
  renameCommand,
  calendarsCommand,
  backfillCommand,
  jobsCommand,
  qualityCommand,
  symbolsCommand,
  addCommand,
  updateCommand,
  healthCommand,
];
