import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../../src-main/app/create-core';
import { tempDirAll } from '../../main/catalog/helpers';

/**
 * A server a page could name: it speaks just enough of PostgreSQL's wire protocol to ask for a
 * cleartext password (AuthenticationCleartextPassword), records what it is sent, then refuses.
 */
function passwordCatcher(): Promise<{ port: number; received: string[]; close: () => Promise<void> }> {
  const received: string[] = [];
  const server = net.createServer((socket) => {
    let buf = Buffer.alloc(0);
    let started = false;
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (!started && buf.length >= 4 && buf.length >= buf.readInt32BE(0)) {
        buf = buf.subarray(buf.readInt32BE(0));
        started = true;
        const ask = Buffer.alloc(9);
        ask.write('R', 0);
        ask.writeInt32BE(8, 1);
        ask.writeInt32BE(3, 5);
        socket.write(ask);
      }
      if (
        started &&
        buf.length >= 5 &&
        buf[0] === 'p'.charCodeAt(0) &&
        buf.length >= 1 + buf.readInt32BE(1)
      ) {
        received.push(buf.subarray(5, buf.readInt32BE(1)).toString('utf8'));
        buf = Buffer.alloc(0);
        started = false;
        const fields = Buffer.from('SFATAL\0C28P01\0Mpassword authentication failed\0\0');
        const err = Buffer.alloc(5);
        err.write('E', 0);
        err.writeInt32BE(4 + fields.length, 1);
        socket.end(Buffer.concat([err, fields]));
      }
    });
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({ port, received, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

describe('a database password a page could fish for', () => {
  let catcher: Awaited<ReturnType<typeof passwordCatcher>>;
  const dir = tempDirAll('barcat-pw-leak-');
  let core: Core | undefined;
  const before = process.env.PGPASSWORD;
  beforeAll(async () => {
    catcher = await passwordCatcher();
    process.env.PGPASSWORD = 'ambient-secret';
  });
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });
  afterAll(async () => {
    await catcher.close();
    if (before === undefined) delete process.env.PGPASSWORD;
    else process.env.PGPASSWORD = before;
  });
  const url = () => `postgres://someone@127.0.0.1:${catcher.port}/db`;

  it('the desktop app sends PGPASSWORD to the server the user typed (the libpq rule)', async () => {
    core = await createCore({ catalogDir: path.join(dir(), 'desktop'), dataDir: null });
    const r = await core.dispatch('testDbConnection', { url: url() });
    expect(r.ok).toBe(false);
    expect(catcher.received).toEqual(['ambient-secret']);
  });

  it('the web host sends none of its process passwords to a server a page names', async () => {
    catcher.received.length = 0;
    const uploads = path.join(dir(), 'uploads');
    core = await createCore({ catalogDir: path.join(dir(), 'web'), dataDir: null, uploadDir: uploads });
    const r = await core.dispatch('testDbConnection', { url: url() });
    expect(catcher.received).toEqual([]);
    expect(r).toMatchObject({
      ok: false,
      error: {
        message: `cannot connect to ${url()}: ${url()} asks for a password and none is saved for it: save it in "Import from database" (this web host never sends PGPASSWORD or the password file's passwords to a server a page names)`,
      },
    });
  });
});
