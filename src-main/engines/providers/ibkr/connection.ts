// One API connection to TWS / IB Gateway: handshake (server version, startApi, managed accounts and
// next valid id), then requests routed to their handlers by request id.
import net from 'node:net';
import { encodeHandshake, encodeMessage, type Field, FrameReader } from './codec';
import { ConnectionLost, isNotice, notConnected } from './errors';
import { IN, MIN_SERVER_VERSION, parseError, SERVER_VERSION, startApi } from './messages';

export interface Endpoint {
  host: string;
  port: number;
  clientId: number;
}

/** Gets every message tied to its request id; returns true once the request is answered. */
export type Handler = {
  message(fields: string[]): void;
  error(code: number, text: string): void;
  lost(err: ConnectionLost): void;
};

const HANDSHAKE_TIMEOUT_MS = 10_000;

/** Where the request id sits in each incoming message Barcat reads. */
function reqIdOf(f: string[]): number | undefined {
  const id = Number(f[0]);
  if (id === IN.ERR_MSG) return Number(f[2]);
  if (
    id === IN.CONTRACT_DATA ||
    id === IN.HISTORICAL_DATA ||
    id === IN.HEAD_TIMESTAMP ||
    id === IN.SYMBOL_SAMPLES
  )
    return Number(f[1]);
  if (id === IN.CONTRACT_DATA_END) return Number(f[2]);
  return undefined;
}

export class IbConnection {
  readonly notices: { code: number; text: string }[] = [];
  private readonly handlers = new Map<number, Handler>();
  private nextId = 1;
  private lostError: ConnectionLost | undefined;

  private constructor(
    private readonly sock: net.Socket,
    readonly serverVersion: number,
    readonly accounts: string,
  ) {}

  /** Connects and completes the handshake, or fails with the "start TWS" refusal. */
  static open(ep: Endpoint): Promise<IbConnection> {
    return new Promise((resolve, reject) => {
      const sock = net.connect({ host: ep.host, port: ep.port });
      const reader = new FrameReader();
      let version = 0;
      let accounts: string | undefined;
      let validId = false;
      let conn: IbConnection | undefined;
      const fail = (cause: string) => {
        clearTimeout(timer);
        sock.destroy();
        reject(notConnected(ep.host, ep.port, cause));
      };
      const timer = setTimeout(
        () => fail(`no handshake within ${HANDSHAKE_TIMEOUT_MS / 1000} s`),
        HANDSHAKE_TIMEOUT_MS,
      );
      sock.on('connect', () => sock.write(encodeHandshake(MIN_SERVER_VERSION, SERVER_VERSION)));
      sock.on('error', (err: NodeJS.ErrnoException) => {
        if (!conn) fail(err.code ?? err.message);
      });
      sock.on('close', () => {
        if (!conn) fail('the connection was closed during the handshake');
        else conn.dropped('TWS closed the connection');
      });
      sock.on('data', (chunk: Buffer) => {
        let messages: string[][];
        try {
          messages = reader.push(chunk);
        } catch (err) {
          sock.destroy();
          if (!conn) fail((err as Error).message);
          return;
        }
        for (const f of messages) {
          if (conn) {
            conn.dispatch(f);
            continue;
          }
          if (version === 0) {
            version = Number(f[0]);
            if (!(version >= MIN_SERVER_VERSION && version <= SERVER_VERSION))
              return fail(
                `it answered server version ${f[0]}, outside ${MIN_SERVER_VERSION}..${SERVER_VERSION}`,
              );
            sock.write(encodeMessage(startApi(ep.clientId)));
            continue;
          }
          const id = Number(f[0]);
          if (id === IN.MANAGED_ACCTS) accounts = f[2] ?? '';
          else if (id === IN.NEXT_VALID_ID) validId = true;
          else if (id === IN.ERR_MSG) {
            const e = parseError(f);
            // 326: the client id is taken; anything else but a notice ends the handshake too.
            if (!isNotice(e.code)) return fail(`error ${e.code}: ${e.text}`);
          }
          if (accounts !== undefined && validId) {
            clearTimeout(timer);
            conn = new IbConnection(sock, version, accounts);
            sock.unref();
            resolve(conn);
          }
        }
      });
    });
  }

  get isOpen(): boolean {
    return !this.lostError;
  }

  /** Sends one request and routes its answers to `handler` until `finish` is called. */
  request(build: (reqId: number) => Field[], handler: Handler): { reqId: number; finish(): void } {
    const reqId = this.nextId++;
    const lost = this.lostError;
    if (lost) {
      queueMicrotask(() => handler.lost(lost));
      return { reqId, finish: () => undefined };
    }
    this.handlers.set(reqId, handler);
    // Open requests keep the process (or worker thread) alive; an idle connection does not.
    this.sock.ref();
    this.sock.write(encodeMessage(build(reqId)));
    return {
      reqId,
      finish: () => {
        this.handlers.delete(reqId);
        if (this.handlers.size === 0) this.sock.unref();
      },
    };
  }

  close(): void {
    this.sock.destroy();
  }

  private dispatch(f: string[]): void {
    const reqId = reqIdOf(f);
    if (Number(f[0]) === IN.ERR_MSG) {
      const e = parseError(f);
      const h = reqId === undefined ? undefined : this.handlers.get(reqId);
      if (h && !isNotice(e.code)) h.error(e.code, e.text);
      else this.notices.push({ code: e.code, text: e.text });
      return;
    }
    if (reqId !== undefined) this.handlers.get(reqId)?.message(f);
  }

  private dropped(why: string): void {
    if (this.lostError) return;
    this.lostError = new ConnectionLost(why);
    const open = [...this.handlers.values()];
    this.handlers.clear();
    for (const h of open) h.lost(this.lostError);
  }
}
