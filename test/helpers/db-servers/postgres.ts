import { execFileSync, spawnSync } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

export interface PrivatePostgres {
  /** postgres://USER@127.0.0.1:PORT/postgres (no password: the instance trusts loopback). */
  url: string;
  port: number;
  user: string;
  stop(): void;
}

// Debian's postgresql keeps the server binaries under /usr/lib/postgresql/<major>/bin.
const BIN_DIRS = [
  '/usr/local/bin',
  ...(existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin`)
    : []),
  '/usr/bin',
];

function pgBin(name: string): string {
  for (const d of BIN_DIRS) if (existsSync(path.join(d, name))) return path.join(d, name);
  throw new Error(
    `PostgreSQL's ${name} is not installed; install it with: sudo apt-get install -y postgresql`,
  );
}

/** A role the private server admits only with its password (scram-sha-256); every other role is trusted. */
export const PASSWORD_ROLE = 'keyholder';

const isRoot = () => process.getuid?.() === 0;

/** Runs a server binary as ourselves, or as the package's `postgres` user when we are root (initdb refuses root). */
function runPg(bin: string, args: string[]): void {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${path.basename(bin)} failed (${r.status}): ${r.stderr}${r.stdout}`);
}

/**
 * A private PostgreSQL: initdb in a temp folder, pg_ctl on a free loopback port with its socket in
 * that folder; never a system-wide instance. Trust auth on 127.0.0.1 only, except PASSWORD_ROLE.
 */
export async function startPostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), 'barcat-pg-'));
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const user = 'barcat';
  runPg(pgBin('initdb'), ['-D', data, '-U', user, '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  // The role PASSWORD_ROLE (made by the tests that need it) must give its password (first match wins).
  const hba = path.join(data, 'pg_hba.conf');
  writeFileSync(hba, `host all ${PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256\n${readFileSync(hba, 'utf8')}`);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  runPg(pgBin('pg_ctl'), ['-D', data, '-o', opts, '-l', path.join(dir, 'server.log'), '-w', 'start']);
  return {
    url: `postgres://${user}@127.0.0.1:${port}/postgres`,
    port,
    user,
    stop() {
      try {
        runPg(pgBin('pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
