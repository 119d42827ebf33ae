import { promises as fs } from 'node:fs';
import path from 'node:path';
import { catalogPath } from '../../../plumbing/inside';
import { fsyncDir } from './fsutil';

/**
 * The audit log of series management (undo, history prune, delete, trash, quality fixes, the sweep after a crash): one JSON
 * line per operation in CATALOG/audit/series-operations.jsonl, appended and fsynced after it happened.
 * Import sessions keep their own records beside it (audit/ID.json).
 */
const OPLOG = ['audit', 'series-operations.jsonl'] as const;

export interface OpRecord {
  op: string;
  /** The series operated on; absent for a catalog-wide one (a sweep after a crash). */
  series?: string;
  [field: string]: unknown;
}

export async function appendOp(root: string, record: OpRecord): Promise<void> {
  const file = catalogPath(root, ...OPLOG);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const handle = await fs.open(file, 'a');
  try {
    await handle.appendFile(`${JSON.stringify({ at: new Date().toISOString(), ...record })}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fsyncDir(path.dirname(file));
}

/** Every record, oldest first; a line a crash cut short is skipped. */
export async function readOps(root: string): Promise<(OpRecord & { at: string })[]> {
  let text: string;
  try {
    text = await fs.readFile(catalogPath(root, ...OPLOG), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return text.split('\n').flatMap((line) => {
    try {
      return line ? [JSON.parse(line) as OpRecord & { at: string }] : [];
    } catch {
      return [];
    }
  });
}
