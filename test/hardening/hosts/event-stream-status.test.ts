import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openEventStream, type StreamStatus } from '../../../src-renderer/api/event-stream';

// The event stream against a real HTTP server on 127.0.0.1: a refusal is reported (not a silent
// stop), and a reconnect after a drop asks the app to query again what it missed.
let server: http.Server | null = null;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

async function serve(handler: http.RequestListener): Promise<string> {
  server = http.createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/events`;
}

describe('event stream', () => {
  it('reports a refused stream as lost and stops asking', async () => {
    let requests = 0;
    const url = await serve((_req, res) => {
      requests++;
      res.writeHead(403, { 'content-type': 'application/json' }).end('{}');
    });
    const status = await new Promise<StreamStatus>((resolve) =>
      openEventStream(url, {}, () => {}, resolve, 0),
    );
    expect(status).toBe('lost');
    expect(requests).toBe(1);
  });

  it('asks for a resync when it is back after a drop, and hands on the events of both connections', async () => {
    let requests = 0;
    const url = await serve((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // The first connection drops after one event; the second stays open.
      if (requests === 1) res.end('event: seriesChanged\ndata: {"ids":["A"]}\n\n');
      else res.write('event: seriesChanged\ndata: {"ids":["B"]}\n\n');
    });
    const seen: string[] = [];
    const statuses: StreamStatus[] = [];
    await new Promise<void>((resolve) =>
      openEventStream(
        url,
        {},
        (name, data) => {
          seen.push(`${name} ${data}`);
          if (seen.length === 2) resolve();
        },
        (s) => statuses.push(s),
        0,
      ),
    );
    expect(seen).toEqual(['seriesChanged {"ids":["A"]}', 'seriesChanged {"ids":["B"]}']);
    expect(statuses).toEqual(['resync']);
  });
});
