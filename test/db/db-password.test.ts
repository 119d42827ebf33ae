import { spawn } from 'node:child_process';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { SESSION_SECRET_STORE, type SecretStore } from '../../src-main/app/core/settings';
import { type Core, createCore } from '../../src-main/app/create-core';
import type { JobView, Settings } from '../../src-shared/contract';
import type { DbImportPreview } from '../../src-shared/domain/job-kinds/db-import';
import { PASSWORD_ROLE } from '../helpers/db-servers/postgres';
import { fileTempDir } from '../main/catalog/helpers';
import { barsTable, CLI, importMinutesArgs, minuteRows, pgSql } from './helpers';

const PASSWORD = `kh-${randomBytes(6).toString('hex')}:pw\\x`;
const tmp = fileTempDir('barcat-dbpw-');

/** The run's server, as the role that must give its password. */
const url = () => inject('pgUrl').replace(/^postgres:\/\/[^@]+@/, `postgres://${PASSWORD_ROLE}@`);
const source = () => ({ url: url(), table: 'pw_bars', seriesFrom: ['venue', 'symbol'], timeframe: '1m' });
const rows = minuteRows('NYSE', 'KO', '2024-03-01T14:30:00Z', 3, 60);

/** Stands in for Electron's safeStorage (no Electron binary here): AES-GCM with a key of this run. */
function keychainStore(): SecretStore {
  const key = randomBytes(32);
  return {
    kind: 'safeStorage',
    encrypt: (plain) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
    },
    decrypt: (stored) => {
      const b = Buffer.from(stored, 'base64');
      const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12));
      d.setAuthTag(b.subarray(12, 28));
      return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

/** Every file under `dir`, as text. */
function allFiles(dir: string): { file: string; text: string }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .map((file) => ({ file, text: readFileSync(file).toString('latin1') }));
}

const saved = { PGPASSWORD: process.env.PGPASSWORD, PGPASSFILE: process.env.PGPASSFILE };
beforeAll(async () => {
  await pgSql(`CREATE ROLE ${PASSWORD_ROLE} LOGIN PASSWORD '${PASSWORD.replaceAll("'", "''")}'`);
  await barsTable('pw_bars', rows);
  await pgSql(`GRANT SELECT ON pw_bars TO ${PASSWORD_ROLE}`);
  // Neither this machine's PGPASSWORD nor its ~/.pgpass may answer for the app's saved password.
  delete process.env.PGPASSWORD;
  process.env.PGPASSFILE = path.join(tmp.dir, 'no-pgpass');
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

describe('a database password saved in the app', () => {
  let dir: string;
  let core: Core;
  let heard: string[];
  let logged: string[];
  const start = async (name: string, secrets: SecretStore) => {
    dir = path.join(tmp.dir, name);
    core = await createCore({ catalogDir: path.join(dir, 'catalog'), dataDir: dir, secrets });
    core.events.subscribe((event, payload) => heard.push(`${event} ${JSON.stringify(payload)}`));
  };
  beforeEach(() => {
    heard = [];
    logged = [];
    for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const)
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
        logged.push(args.map(String).join(' '));
      });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await core?.close();
  });
  const call = async <T>(name: string, input: unknown = {}): Promise<T> => {
    const r = await core.dispatch(name, input);
    heard.push(`${name} ${JSON.stringify(r)}`);
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.value as T;
  };
  const ended = async (jobId: string): Promise<JobView> => {
    for (;;) {
      const job = (await call<JobView[]>('listJobs')).find((j) => j.id === jobId);
      if (job && !['running', 'queued'].includes(job.state)) return job;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('is used for test, preview, import and parity, and appears in no answer, event, job, log or file (session store: the web host)', async () => {
    await start('session', SESSION_SECRET_STORE);
    await expect(call('testDbConnection', { url: url() })).rejects.toThrow(
      `testDbConnection: cannot connect to ${url()}: ${url()} asks for a password and none is known: save it in "Import from database", set PGPASSWORD, or add a line to ${process.env.PGPASSFILE}`,
    );
    await call('setSettings', { dbPasswords: { [url()]: 'wrong-one' } });
    await expect(call('testDbConnection', { url: url() })).rejects.toThrow(
      `password authentication failed for user "${PASSWORD_ROLE}"`,
    );
    const answer = await call<Settings>('setSettings', { dbPasswords: { [url()]: PASSWORD } });
    expect(answer.dbPasswords).toEqual({ [url()]: 'saved' });
    expect(answer.keyStorage).toBe('session');
    expect(await call('testDbConnection', { url: url() })).toEqual({ target: url() });
    const preview = await call<DbImportPreview>('previewDbImport', source());
    expect(preview.rows).toHaveLength(3);
    const { jobId } = await call<{ jobId: string }>('startDbImport', {
      planId: preview.planId,
      mode: 'skip',
    });
    const job = await ended(jobId);
    expect(job.state).toBe('done');
    expect(job.message).toContain('parity OK');
    expect(await call<Settings>('getSettings')).toMatchObject({ dbPasswords: { [url()]: 'saved' } });

    const everything = [...heard, ...logged, ...allFiles(dir).map((f) => `${f.file} ${f.text}`)];
    expect(everything.filter((t) => t.includes(PASSWORD) || t.includes('wrong-one'))).toEqual([]);
    expect(heard.some((h) => h.startsWith('jobChanged'))).toBe(true);
    // Session store: nothing of the password is written, not even encrypted.
    expect(JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8')).dbPasswords).toBeUndefined();
  });

  it('is kept encrypted by a keychain store, outlives the core, and is forgotten with an empty password', async () => {
    const keychain = keychainStore();
    await start('keychain', keychain);
    await call('setSettings', { dbPasswords: { [url()]: PASSWORD } });
    const stored = JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8')).dbPasswords;
    expect(Object.keys(stored)).toEqual([url()]);
    expect(keychain.decrypt(stored[url()])).toBe(PASSWORD);
    expect(statSync(path.join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
    await core.close();
    core = await createCore({ catalogDir: path.join(dir, 'catalog'), dataDir: dir, secrets: keychain });
    expect(await call('testDbConnection', { url: url() })).toEqual({ target: url() });
    const after = await call<Settings>('setSettings', { dbPasswords: { [url()]: '' } });
    expect(after.dbPasswords).toBeUndefined();
    await expect(call('testDbConnection', { url: url() })).rejects.toThrow(
      'asks for a password and none is known',
    );
    expect(allFiles(dir).filter((f) => f.text.includes(PASSWORD))).toEqual([]);
  });

  it('a URL carrying a password is refused without echoing it', async () => {
    await start('refused', SESSION_SECRET_STORE);
    const r = await core.dispatch('setSettings', {
      dbPasswords: {
        [`postgres://${PASSWORD_ROLE}:${encodeURIComponent(PASSWORD)}@127.0.0.1:1/x`]: PASSWORD,
      },
    });
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toContain(encodeURIComponent(PASSWORD));
    expect(JSON.stringify(r)).toContain('the database URL carries a password');
  });
});

/** `barcat ARGS` as a child process with exactly these environment additions. */
function barcat(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [CLI, ...args], {
      env: { ...process.env, PGPASSWORD: '', PGPASSFILE: path.join(tmp.dir, 'no-pgpass'), ...env },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? -1, out }));
  });
}

describe('barcat import-db takes the password from PGPASSWORD or the password file', () => {
  const args = (cat: string) => importMinutesArgs(url(), 'pw_bars', path.join(tmp.dir, cat), '--create');

  it('PGPASSWORD', async () => {
    const r = await barcat(args('cli-env'), { PGPASSWORD: PASSWORD });
    expect(r.out).toContain('parity OK');
    expect(r.code).toBe(0);
    expect(r.out).not.toContain(PASSWORD);
  });

  it('a .pgpass line, refused while the group or others may read the file', async () => {
    const file = path.join(tmp.dir, 'pgpass');
    const port = new URL(url()).port;
    const escaped = PASSWORD.replaceAll('\\', '\\\\').replaceAll(':', '\\:');
    writeFileSync(file, `127.0.0.1:${port}:*:${PASSWORD_ROLE}:${escaped}\n`);
    chmodSync(file, 0o644);
    const refused = await barcat(args('cli-pgpass'), { PGPASSFILE: file });
    expect(refused.code).not.toBe(0);
    expect(refused.out).toContain(
      `password file ${file} has group or world access (mode 0644); like libpq, Barcat does not read it: run "chmod 600 ${file}" (needed for ${url()})`,
    );
    chmodSync(file, 0o600);
    const r = await barcat(args('cli-pgpass'), { PGPASSFILE: file });
    expect(r.out).toContain('parity OK');
    expect(r.code).toBe(0);
    expect(r.out).not.toContain(PASSWORD);
  });
});
