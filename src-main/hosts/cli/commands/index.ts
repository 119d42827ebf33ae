import type { Command } from '../command';
import { addCommand } from './ingest/add';
import { backfillCommand } from './ingest/backfill';
import { importCommand } from './ingest/import';
import { importDbCommand } from './ingest/import-db';
import { scheduleCommand } from './ingest/schedule';
import { symbolsCommand } from './ingest/symbols';
import { updateCommand } from './ingest/update';
import { writeCommand } from './ingest/write';
import { calendarsCommand } from './manage/calendars';
import { deleteCommand } from './manage/delete';
import { groupCommand } from './manage/group';
import { healthCommand } from './manage/health';
import { historyCommand } from './manage/history';
import { jobsCommand } from './manage/jobs';
import { listCommand } from './manage/list';
import { rebuildCommand } from './manage/rebuild';
import { renameCommand } from './manage/rename';
import { trashCommand } from './manage/trash';
import { undoCommand } from './manage/undo';
import { verifyCommand } from './manage/verify';
import { qualityCommand } from './quality/quality';
import { exportCommand } from './read/export';
import { gapsCommand } from './read/gaps';
import { queryCommand } from './read/query';
import { sqlCommand } from './read/sql';

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
