import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BarcatError } from '../../../plumbing/errors';
import { type DbTarget, targetLabel } from '../target';

/** One field of a .pgpass line: `*` (as written, unescaped) matches anything. */
interface Field {
  value: string;
  any: boolean;
}

interface PgpassEntry {
  host: Field;
  port: Field;
  database: Field;
  user: Field;
  password: string;
}

/** Splits a line on unescaped ':' (`\:` and `\\` are a literal ':' and '\'), as libpq does. */
function fields(line: string): { value: string; raw: string }[] {
  const out: { value: string; raw: string }[] = [];
  let value = '';
  let raw = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === '\\' && i + 1 < line.length) {
      value += line[i + 1];
      raw += c + line[i + 1];
      i++;
    } else if (c === ':') {
      out.push({ value, raw });
      value = '';
      raw = '';
    } else {
      value += c;
      raw += c;
    }
  }
  out.push({ value, raw });
  return out;
}

/**
 * libpq's password file: `hostname:port:database:username:password` a line, `#` comments, `*` for
 * any value in the first four fields; the password ends at the next unescaped ':'. Lines with fewer
 * than five fields are skipped, as libpq skips them.
 */
export function parsePgpass(text: string): PgpassEntry[] {
  const out: PgpassEntry[] = [];
  for (const line of text.split('\n')) {
    const l = line.replace(/\r$/, '');
    if (l === '' || l.startsWith('#')) continue;
    const f = fields(l);
    if (f.length < 5) continue;
    const [host, port, database, user, password] = f.map((x) => ({ value: x.value, any: x.raw === '*' }));
    if (!host || !port || !database || !user || !password) continue;
    out.push({ host, port, database, user, password: password.value });
  }
  return out;
}

const matches = (f: Field, v: string) => f.any || f.value === v;

/** The password of the first line matching the target (host as given, port, database, user), if any. */
export function pgpassPassword(entries: readonly PgpassEntry[], t: DbTarget): string | undefined {
  return entries.find(
    (e) =>
      matches(e.host, t.host) &&
      matches(e.port, String(t.port)) &&
      matches(e.database, t.database) &&
      matches(e.user, t.user),
  )?.password;
}

/** PGPASSFILE, else ~/.pgpass (%APPDATA%\postgresql\pgpass.conf on Windows), as libpq looks. */
function pgpassFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PGPASSFILE) return env.PGPASSFILE;
  if (process.platform === 'win32')
    return path.join(
      env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'),
      'postgresql',
      'pgpass.conf',
    );
  return path.join(os.homedir(), '.pgpass');
}

/**
 * The password for `t` from the password file, or undefined (no file, no line). A file that others
 * may read or write is refused, as libpq refuses it (it ignores it with a warning): the error names
 * the file and the fix. Not checked on Windows, where modes do not say it.
 */
export async function readPgpassPassword(t: DbTarget, file = pgpassFile()): Promise<string | undefined> {
  let text: string;
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return undefined;
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0)
      throw new BarcatError(
        'BAD_INPUT',
        `password file ${file} has group or world access (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}); like libpq, Barcat does not read it: run "chmod 600 ${file}" (needed for ${targetLabel(t)})`,
        { reason: 'pgpass_permissions', file },
      );
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return pgpassPassword(parsePgpass(text), t);
}

/**
 * The password PostgreSQL gets when it asks for one, in libpq's order: the one the app keeps for
 * this connection (its keychain), PGPASSWORD, the password file. None: a clear refusal.
 */
/**
 * The app's saved password for a connection: a string, `undefined` (none saved: PGPASSWORD and the
 * password file may supply one), or `null` (none saved, and only a saved one may be sent: the web
 * host, where a page names the server and must not receive this process's ambient passwords).
 */
export type SavedPassword = string | null | undefined;

export async function pgPassword(t: DbTarget, saved: SavedPassword): Promise<string> {
  if (saved === null)
    throw new BarcatError(
      'BAD_INPUT',
      `${targetLabel(t)} asks for a password and none is saved for it: save it in "Import from database" (this web host never sends PGPASSWORD or the password file's passwords to a server a page names)`,
      { reason: 'db_no_password' },
    );
  const found = saved ?? (process.env.PGPASSWORD || undefined) ?? (await readPgpassPassword(t));
  if (found !== undefined) return found;
  throw new BarcatError(
    'BAD_INPUT',
    `${targetLabel(t)} asks for a password and none is known: save it in "Import from database", set PGPASSWORD, or add a line to ${pgpassFile()}`,
    { reason: 'db_no_password' },
  );
}
