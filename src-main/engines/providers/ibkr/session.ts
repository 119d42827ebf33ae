// One session per TWS endpoint (host, port, client id) in this process: its connection, its pacing
// record and its contract cache outlive a single request or job, as IB's pacing window does.
import { setTimeout as delay } from 'node:timers/promises';
import type { FetchContext, ProviderClock } from '../types';
import type { Field } from './codec';
import { type Endpoint, IbConnection } from './connection';
import { ConnectionLost, IbError } from './errors';
import type { ContractMatch } from './messages';
import { Pacer } from './pacing';

/** How long a job waits for a lost connection to come back before it parks its requests. */
export const RECONNECT_WAIT_MS = 10 * 60_000;
const RECONNECT_EVERY_MS = 5_000;

const realClock: ProviderClock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    await delay(ms, undefined, { signal });
  },
};

/** The job's clock and signal, or real time and no cancel (one-off calls outside a job). */
export function contextOrReal(ctx: FetchContext | undefined): FetchContext {
  return ctx ?? { clock: realClock, signal: new AbortController().signal };
}

export class IbSession {
  readonly pacer = new Pacer();
  /** Resolved contracts per series (venue:symbol:pinned conId). */
  readonly contracts = new Map<string, ContractMatch>();
  /** Times the connection dropped under open requests and came back. */
  reconnects = 0;
  /** When the last symbol search was sent (IB allows one a second). */
  lastMatchingAt = Number.NEGATIVE_INFINITY;
  private conn: IbConnection | undefined;

  constructor(readonly endpoint: Endpoint) {}

  private async connection(): Promise<IbConnection> {
    if (this.conn?.isOpen) return this.conn;
    this.conn = await IbConnection.open(this.endpoint);
    return this.conn;
  }

  /**
   * Runs `attempt` on a live connection. The connection lost midway: waits for TWS to come back
   * (polling every 5 s of the job's clock, up to RECONNECT_WAIT_MS) and runs it again.
   */
  async run<T>(ctx: FetchContext, attempt: (conn: IbConnection) => Promise<T>): Promise<T> {
    let lostAt: number | undefined;
    for (;;) {
      let conn: IbConnection;
      try {
        conn = await this.connection();
      } catch (err) {
        if (lostAt === undefined) throw err;
        if (ctx.clock.now() - lostAt >= RECONNECT_WAIT_MS)
          throw new IbError(
            'IB_CONNECTION_LOST',
            `the connection to TWS / IB Gateway at ${this.endpoint.host}:${this.endpoint.port} was lost and did not come back within ${RECONNECT_WAIT_MS / 60_000} minutes: ${(err as Error).message}`,
          );
        await ctx.clock.sleep(RECONNECT_EVERY_MS, ctx.signal);
        continue;
      }
      if (lostAt !== undefined) this.reconnects++;
      lostAt = undefined;
      try {
        return await attempt(conn);
      } catch (err) {
        if (!(err instanceof ConnectionLost)) throw err;
        lostAt = ctx.clock.now();
      }
    }
  }

  close(): void {
    this.conn?.close();
    this.conn = undefined;
  }
}

/** One request's answer: `onMessage` calls done(value) when it is complete; errors map through onError. */
export function exchange<T>(
  conn: IbConnection,
  build: (reqId: number) => Field[],
  onMessage: (f: string[], done: (v: T) => void) => void,
  onError: (code: number, text: string) => Error | { value: T },
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const req = conn.request(build, {
      message: (f) =>
        onMessage(f, (v) => {
          req.finish();
          resolve(v);
        }),
      error: (code, text) => {
        req.finish();
        const r = onError(code, text);
        if (r instanceof Error) reject(r);
        else resolve(r.value);
      },
      lost: (err) => {
        req.finish();
        reject(err);
      },
    });
  });
}

const sessions = new Map<string, IbSession>();

export function ibSession(ep: Endpoint): IbSession {
  const id = `${ep.host}:${ep.port}:${ep.clientId}`;
  let s = sessions.get(id);
  if (!s) {
    s = new IbSession(ep);
    sessions.set(id, s);
  }
  return s;
}

/** Closes every session's connection (tests, shutdown); pacing records go with them. */
export function closeIbSessions(): void {
  for (const s of sessions.values()) s.close();
  sessions.clear();
}
