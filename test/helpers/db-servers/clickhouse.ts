import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

export interface PrivateClickHouse {
  /** http://127.0.0.1:PORT (the HTTP interface; user default, no password, loopback only). */
  httpUrl: string;
  port: number;
  stop(): Promise<void>;
}

const BINARIES = ['/usr/bin/clickhouse-server', '/usr/sbin/clickhouse-server', '/usr/bin/clickhouse'];

function serverCommand(): [string, string[]] {
  for (const b of BINARIES) {
    if (!existsSync(b)) continue;
    return path.basename(b) === 'clickhouse' ? [b, ['server']] : [b, []];
  }
  throw new Error(
    'clickhouse-server is not installed; install it with: sudo apt-get install -y clickhouse-server',
  );
}

function config(dir: string, http: number, tcp: number): string {
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog><console>0</console></logger>
  <http_port>${http}</http_port>
  <tcp_port>${tcp}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
</yandex>
`;
}

const USERS = `<?xml version="1.0"?>
<yandex>
  <profiles><default/></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default/></quotas>
</yandex>
`;

async function waitReady(url: string, child: ChildProcess, dir: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null)
      throw new Error(`clickhouse-server exited (${child.exitCode}); see ${dir}/error.log`);
    try {
      const r = await fetch(`${url}/ping`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`clickhouse-server did not answer on ${url} within 30 s; see ${dir}/error.log`);
}

/** A private ClickHouse: a generated config (loopback ports, temp paths) and `clickhouse-server --config-file`. */
export async function startClickHouse(): Promise<PrivateClickHouse> {
  const [cmd, pre] = serverCommand();
  const dir = mkdtempSync(path.join(tmpdir(), 'barcat-ch-'));
  const http = await freePort();
  const tcp = await freePort();
  writeFileSync(path.join(dir, 'config.xml'), config(dir, http, tcp));
  writeFileSync(path.join(dir, 'users.xml'), USERS);
  const child = spawn(cmd, [...pre, `--config-file=${path.join(dir, 'config.xml')}`], {
    cwd: dir,
    stdio: 'ignore',
  });
  const httpUrl = `http://127.0.0.1:${http}`;
  try {
    await waitReady(httpUrl, child, dir);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    httpUrl,
    port: http,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
