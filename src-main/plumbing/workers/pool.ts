import { type ResourceLimits, type TransferListItem, Worker } from 'node:worker_threads';
import type { WireError } from '../../../src-shared/wire';
import { BarcatError } from '../errors';
import type { FromWorker, ToWorker } from './protocol';

const DIED_DURING_CALL = 'a worker thread died during the call: ';

/** Why a worker died, without the pool's own words around it (for messages that say it their way). */
export function deathCause(err: Error): string {
  return err.message.startsWith(DIED_DURING_CALL) ? err.message.slice(DIED_DURING_CALL.length) : err.message;
}

export interface PoolOptions {
  /** Idle workers do not keep the process alive (a CLI exits at once); busy ones still do. */
  unrefIdle?: boolean;
  /** Heap limits of each worker (e.g. a small young generation for workers that make short-lived garbage). */
  resourceLimits?: ResourceLimits;
  /** Names the pool in a dead worker's error (details.pool): a caller it is relayed to knows whose worker it was. */
  name?: string;
}

export interface CallOptions<Prog> {
  onProgress?: (p: Prog) => void;
  signal?: AbortSignal;
  transfer?: TransferListItem[];
}

interface Pending<Res, Prog> {
  resolve: (r: Res) => void;
  reject: (e: Error) => void;
  onProgress?: (p: Prog) => void;
  worker: Slot;
}

interface Slot {
  worker: Worker;
  /** Kept apart: a Worker's own threadId reads -1 once it has exited. */
  threadId: number;
  busy: number;
}

const LOADER_FLAGS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);

/**
 * The process's Node flags less module loaders, or undefined (inherit them all) when there is no
 * loader: worker entries are built JavaScript, and a TypeScript loader inherited from a dev run
 * (tsx) would double each worker's start-up. (Passed explicitly, flags a worker refuses, such as
 * --max-old-space-size, would throw; inherited they do not.)
 */
export function workerExecArgv(argv: readonly string[] = process.execArgv): string[] | undefined {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (LOADER_FLAGS.has(a)) i++;
    else if (![...LOADER_FLAGS].some((f) => a.startsWith(`${f}=`))) out.push(a);
  }
  return out.length === argv.length ? undefined : out;
}

function newWorker(file: string, resourceLimits?: ResourceLimits): Worker {
  const execArgv = workerExecArgv();
  try {
    return new Worker(file, { execArgv, resourceLimits });
  } catch (err) {
    // A dev run with a loader and a flag workers refuse: start the worker without the process's flags.
    if ((err as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV' || !execArgv) throw err;
    return new Worker(file, { execArgv: [], resourceLimits });
  }
}

/** Whether a call failed because its worker thread died (out of memory, exited), not by its own error. */
export function workerDied(err: unknown): boolean {
  return (
    err instanceof BarcatError && (err.details as { reason?: unknown } | undefined)?.reason === 'worker_died'
  );
}

function fromWire(e: WireError): Error {
  if (e.code === 'CANCELLED') {
    const err = new Error(e.message);
    err.name = 'AbortError';
    return err;
  }
  return new BarcatError(e.code, e.message, e.details);
}

/**
 * A small typed pool of worker threads running one entry file (see plumbing/workers/serve-requests.ts). Calls carry
 * sequence ids; a call goes to the least busy worker; when a worker dies every call pending on it
 * is rejected (none hangs) and the worker is replaced on the next call.
 */
export class WorkerPool<Req, Res, Prog = unknown> {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending<Res, Prog>>();
  private seq = 0;
  private closed = false;

  constructor(
    private readonly file: string,
    private readonly size = 2,
    private readonly opts: PoolOptions = {},
  ) {}

  get pendingCalls(): number {
    return this.pending.size;
  }

  /** The running workers' thread ids. */
  get threadIds(): number[] {
    return this.slots.map((s) => s.threadId);
  }

  private spawn(): Slot {
    const worker = newWorker(this.file, this.opts.resourceLimits);
    const slot: Slot = { worker, threadId: worker.threadId, busy: 0 };
    slot.worker.on('message', (msg: FromWorker<Res, Prog>) => this.onMessage(msg));
    const die = (err: Error) => this.onDeath(slot, err);
    slot.worker.on('error', die);
    slot.worker.on('exit', (code) => die(new Error(`worker exited with code ${code}`)));
    if (this.opts.unrefIdle) slot.worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private pick(): Slot {
    // Find the least loaded worker; start another while below the pool size.
    const idle = this.slots.find((s) => s.busy === 0);
    if (idle) return idle;
    if (this.slots.length < this.size) return this.spawn();
    return this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  private onMessage(msg: FromWorker<Res, Prog>): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') {
      p.onProgress?.(msg.payload);
      return;
    }
    this.pending.delete(msg.id);
    p.worker.busy--;
    // Once closing, a late result must not unref a worker whose exit close() is awaiting.
    if (this.opts.unrefIdle && p.worker.busy === 0 && !this.closed) p.worker.worker.unref();
    if (msg.type === 'result') p.resolve(msg.payload);
    else p.reject(fromWire(msg.error));
  }

  private onDeath(slot: Slot, err: Error): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    for (const [id, p] of this.pending) {
      if (p.worker !== slot) continue;
      this.pending.delete(id);
      p.reject(
        new BarcatError('INTERNAL', `${DIED_DURING_CALL}${err.message}`, {
          threadId: slot.threadId,
          reason: 'worker_died',
          ...(this.opts.name === undefined ? {} : { pool: this.opts.name }),
        }),
      );
    }
  }

  call(payload: Req, opts: CallOptions<Prog> = {}): Promise<Res> {
    if (this.closed) return Promise.reject(new BarcatError('INTERNAL', 'the worker pool is closed'));
    const slot = this.pick();
    const id = ++this.seq;
    return new Promise<Res>((resolve, reject) => {
      if (opts.signal?.aborted) {
        const e = new Error('cancelled');
        e.name = 'AbortError';
        reject(e);
        return;
      }
      slot.busy++;
      if (this.opts.unrefIdle) slot.worker.ref();
      const signal = opts.signal;
      const onAbort = () => slot.worker.postMessage({ id, type: 'cancel' } satisfies ToWorker<Req>);
      signal?.addEventListener('abort', onAbort, { once: true });
      // Long-lived signals serve many calls: drop the listener when this call settles.
      const settle =
        <T>(fn: (v: T) => void) =>
        (v: T) => {
          signal?.removeEventListener('abort', onAbort);
          fn(v);
        };
      this.pending.set(id, {
        resolve: settle(resolve),
        reject: settle(reject),
        onProgress: opts.onProgress,
        worker: slot,
      });
      slot.worker.postMessage({ id, type: 'call', payload } satisfies ToWorker<Req>, opts.transfer ?? []);
    });
  }

  /** Starts every worker now (each loads its entry file) rather than on the first calls. */
  start(): void {
    while (!this.closed && this.slots.length < this.size) this.spawn();
  }

  /** Terminates every worker; calls still pending are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = [...this.slots];
    // Held until each has exited, or a process awaiting close() could end first (exit code 13).
    for (const s of slots) s.worker.ref();
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
