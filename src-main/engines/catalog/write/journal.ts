import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../disk/fsutil';

/**
 * Before a write puts new partition files in place it names them here (fsynced). After a crash the
 * sweep deletes exactly these files when the manifest did not commit them: provably our own
 * uncommitted output. Any other unnamed partition file is moved to .quarantine, never deleted.
 */
export const JOURNAL_FILE = '.barcat-pending.json';

export async function writeJournal(dir: string, generation: number, files: string[]): Promise<void> {
  await writeFileAtomic(path.join(dir, JOURNAL_FILE), `${JSON.stringify({ generation, files })}\n`);
}

/** File names of an interrupted write, or an empty set (no journal, or an unreadable one). */
export async function readJournal(dir: string): Promise<Set<string>> {
  try {
    const json = JSON.parse(await fs.readFile(path.join(dir, JOURNAL_FILE), 'utf8')) as { files?: unknown };
    return new Set(
      Array.isArray(json.files) ? json.files.filter((f): f is string => typeof f === 'string') : [],
    );
  } catch {
    return new Set();
  }
}

export async function removeJournal(dir: string): Promise<void> {
  await fs.rm(path.join(dir, JOURNAL_FILE), { force: true });
}
