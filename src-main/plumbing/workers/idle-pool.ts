import { builtWorkerFile } from './locate';
import { type PoolOptions, WorkerPool } from './pool';

/**
 * A worker pool started on first use and closed once nothing has used it for `idleCloseMs`, or by
 * close(); a use after that starts it again. `open` returns undefined when there are no workers to
 * start (the bundle is not built), and callers then do the work on their own thread.
 */
export class IdlePool<Req, Res, Prog = unknown> {
  private pool: WorkerPool<Req, Res, Prog> | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private inFlight = 0;

  constructor(
    private readonly open: () => WorkerPool<Req, Res, Prog> | undefined,
    private readonly idleCloseMs: number,
  ) {}

  get running(): boolean {
    return this.pool !== undefined;
  }

  /** The pool, started if it is not running; undefined when it cannot be started. */
  get(): WorkerPool<Req, Res, Prog> | undefined {
    this.pool ??= this.open();
    return this.pool;
  }

  /** Runs `work` on the pool, which stays open until the last such work is done; `inThread` without one. */
  async use<T>(
    work: (pool: WorkerPool<Req, Res, Prog>) => Promise<T>,
    inThread: () => Promise<T>,
  ): Promise<T> {
    const pool = this.get();
    if (!pool) return inThread();
    clearTimeout(this.idleTimer);
    this.inFlight++;
    try {
      return await work(pool);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.closeWhenIdle();
    }
  }

  /** (Re)starts the idle clock: the pool closes `idleCloseMs` from now unless used meanwhile. */
  closeWhenIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      const pool = this.pool;
      if (!pool || this.inFlight > 0) return;
      this.pool = undefined;
      pool.close().catch(() => undefined);
    }, this.idleCloseMs);
    // The clock never keeps a process alive on its own.
    this.idleTimer.unref();
  }

  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }
}

/**
 * An IdlePool of `threads` threads of the bundled worker `name` (out/node/workers/NAME.js; its
 * dead workers' errors carry details.pool = name); it opens none when that bundle is not built, and
 * its callers then work in-thread.
 */
export function bundledIdlePool<Req, Res, Prog = unknown>(
  name: string,
  threads: number,
  idleCloseMs: number,
  opts: PoolOptions = {},
): IdlePool<Req, Res, Prog> {
  return new IdlePool(() => {
    const file = builtWorkerFile(name);
    return file ? new WorkerPool<Req, Res, Prog>(file, threads, { name, ...opts }) : undefined;
  }, idleCloseMs);
}
