import type { Command } from '../command';
import { addCommand } from './add';
import { backfillCommand } from './backfill';
import { calendarsCommand } from './calendars';
import { deleteCommand } from './delete';
import { exportCommand } from './export';
import { gapsCommand } from './gaps';
import { groupCommand } from './group';
import { healthCommand } from './health';
import { historyCommand } from './history';
import { importCommand } from './import';
import { importDbCommand } from './import-db';
import { jobsCommand } from './jobs';
import { listCommand } from './list';
import { qualityCommand } from './quality';
import { queryCommand } from './query';
import { rebuildCommand } from './rebuild';
import { renameCommand } from './rename';
import { scheduleCommand } from './schedule';
import { sqlCommand } from './sql';
import { symbolsCommand } from './symbols';
import { trashCommand } from './trash';
import { undoCommand } from './undo';
import { updateCommand } from './update';
import { verifyCommand } from './verify';
import { writeCommand } from './write';

/** Every `barcat` sub-command, in the order `barcat --help` lists them. One line per command. */
export const COMMANDS: Command[] = [
  listCommand,
  gapsCommand,
  queryCommand,
  sqlCommand,
  exportCommand,
  writeCommand,
  importCommand,
  importDbCommand,
  verifyCommand,
  rebuildCommand,
  renameCommand,
  historyCommand,
  undoCommand,
  deleteCommand,
  trashCommand,
  calendarsCommand,
  backfillCommand,
  jobsCommand,
  qualityCommand,
  symbolsCommand,
  addCommand,
  updateCommand,
  groupCommand,
  scheduleCommand,
  healthCommand,
];
