import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectDb, parseDbTarget } from '../../../src-main/engines/databases/index';

describe('a database URL that does not parse', () => {
  it('is echoed without its user and password', () => {
    expect(() => parseDbTarget('postgres://u:secret@h:99999/db')).toThrow(
      '"postgres://h:99999/db" is not a database URL (user and password left out of this message); use postgres://USER@HOST:PORT/DB or clickhouse://USER@HOST:PORT/DB',
    );
    expect(() => parseDbTarget('clickhouse://u:se/cr@et@h:99999/db')).toThrow(
      '"clickhouse://h:99999/db" is not a database URL',
    );
  });
});

describe('CLICKHOUSE_PASSWORD goes only to CLICKHOUSE_HOST', () => {
  let server: http.Server;
  let port: number;
  const auths: (string | undefined)[] = [];
  const saved = { password: process.env.CLICKHOUSE_PASSWORD, host: process.env.CLICKHOUSE_HOST };
  beforeEach(async () => {
    auths.length = 0;
    // A stand-in for ClickHouse's HTTP interface: answers SELECT 1, records the credentials sent.
    server = http.createServer((req, res) => {
      auths.push(req.headers.authorization);
      req.resume();
      req.on('end', () => res.end('1\n'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    process.env.CLICKHOUSE_PASSWORD = 'secret';
  });
  afterEach(async () => {
    for (const [k, v] of [
      ['CLICKHOUSE_PASSWORD', saved.password],
      ['CLICKHOUSE_HOST', saved.host],
    ] as const)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    await new Promise((r) => server.close(r));
  });
  const basic = (user: string, password: string) =>
    `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  it('refuses a host that is not CLICKHOUSE_HOST, sending nothing', async () => {
    delete process.env.CLICKHOUSE_HOST;
    const target = parseDbTarget(`clickhouse://reader@127.0.0.1:${port}/market`);
    await expect(connectDb(target)).rejects.toThrow(
      `CLICKHOUSE_PASSWORD is set, but clickhouse://reader@127.0.0.1:${port}/market is not CLICKHOUSE_HOST (unset): the password goes only to that host; set CLICKHOUSE_HOST=127.0.0.1:${port} to send it there`,
    );
    process.env.CLICKHOUSE_HOST = 'db.example:8123';
    await expect(connectDb(target)).rejects.toThrow(
      `is not CLICKHOUSE_HOST (db.example:8123): the password goes only to that host`,
    );
    expect(auths).toEqual([]);
  });

  it('sends the password to CLICKHOUSE_HOST, and no password without CLICKHOUSE_PASSWORD', async () => {
    process.env.CLICKHOUSE_HOST = `127.0.0.1:${port}`;
    const target = parseDbTarget(`clickhouse://reader@127.0.0.1:${port}/market`);
    await (await connectDb(target)).close();
    delete process.env.CLICKHOUSE_PASSWORD;
    delete process.env.CLICKHOUSE_HOST;
    await (await connectDb(target)).close();
    expect(auths).toEqual([basic('reader', 'secret'), basic('reader', '')]);
  });
});
