import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ImportFileResult, ImportStatus } from '../../../../src-shared/domain/import';
import { pidAlive } from '../../../plumbing/pid-alive';
import { catalogPath, crashPoint } from '../../catalog/index';

export const AUDIT_DIR = 'audit';

/** One import session as written to CATALOG/audit/{sessionId}.json. */
export interface AuditRecord {
  sessionId: string;
  status: ImportStatus | 'running';
  pid: number;
  startedAt: string;
  finishedAt: string | null;
  request: Record<string, unknown>;
  filesDiscovered: number;
  filesImported: number;
  filesSkipped: number;
  filesFailed: number;
  rowsWrittenPerSeries: Record<string, number>;
  errors: string[];
  timings: { totalMs: number; perFile: Record<string, number> };
  files: Omit<ImportFileResult, 'problems'>[];
  note?: string;
}

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}_${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** `{SYMBOL}_{YYYYMMDD_HHMMSS}` (UTC), with `_2`, `_3`... when that name is taken. */
export async function newSessionId(catalogDir: string, symbol: string, now: Date): Promise<string> {
  const dir = catalogPath(catalogDir, AUDIT_DIR);
  await fs.mkdir(dir, { recursive: true });
  const base = `${symbol.replace(/[^A-Za-z0-9._-]/g, '_') || 'IMPORT'}_${stamp(now)}`;
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}_${n}`;
    try {
      await fs.writeFile(path.join(dir, `${id}.json`), '{}', { flag: 'wx' });
      return id;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

export function auditPath(catalogDir: string, sessionId: string): string {
  return catalogPath(catalogDir, AUDIT_DIR, `${sessionId}.json`);
}

export async function writeAudit(catalogDir: string, record: AuditRecord): Promise<string> {
  const file = auditPath(catalogDir, record.sessionId);
  const tmp = `${file}.tmp`;
  await fs.writeFile(tmp, `${JSON.stringify(record, null, 2)}\n`);
  await fs.rename(tmp, file);
  crashPoint('import-audit-written');
  return file;
}

/**
 * Marks sessions left "running" by a process that no longer exists as failed, so a crash shows
 * as a failed record, never as a missing or eternally running one. Returns the ids it marked.
 */
export async function markAbandonedSessions(catalogDir: string): Promise<string[]> {
  const dir = catalogPath(catalogDir, AUDIT_DIR);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const marked: string[] = [];
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    const file = path.join(dir, name);
    try {
      const rec = JSON.parse(await fs.readFile(file, 'utf8')) as AuditRecord;
      if (rec.status !== 'running' || pidAlive(rec.pid)) continue;
      rec.status = 'failed';
      rec.finishedAt = rec.finishedAt ?? new Date().toISOString();
      rec.note = `the importing process (pid ${rec.pid}) ended before the session finished; files not listed as imported were not written`;
      await writeAudit(catalogDir, rec);
      marked.push(rec.sessionId);
    } catch {
      // A half-written record (crash inside writeFile) is left for a person to read.
    }
  }
  return marked;
}

/** Every audit record, newest first. */
export async function listAudit(catalogDir: string): Promise<AuditRecord[]> {
  const dir = catalogPath(catalogDir, AUDIT_DIR);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const out: AuditRecord[] = [];
  for (const n of names.filter((x) => x.endsWith('.json'))) {
    try {
      const rec = JSON.parse(await fs.readFile(path.join(dir, n), 'utf8')) as AuditRecord;
      if (rec.sessionId) out.push(rec);
    } catch {
      // skip unreadable
    }
  }
  return out.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}
