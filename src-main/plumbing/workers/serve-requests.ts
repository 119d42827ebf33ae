import { parentPort, type TransferListItem } from 'node:worker_threads';
import { toWireError } from '../errors';
import type { FromWorker, ToWorker } from './protocol';

export interface HandlerContext<Prog> {
  signal: AbortSignal;
  /** Sends a progress event; `transfer` moves buffers in it instead of copying them. */
  progress: (p: Prog, transfer?: TransferListItem[]) => void;
}

/** What a handler returns: the result and the buffers to move (not copy) to the caller. */
export interface HandlerResult<Res> {
  result: Res;
  transfer?: TransferListItem[];
}

/** Serves calls from a WorkerPool in a worker entry: one handler, cancellable, with progress. */
export function serveWorker<Req, Res, Prog>(
  handler: (req: Req, ctx: HandlerContext<Prog>) => Promise<HandlerResult<Res>>,
): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorker must run inside a worker thread');
  const running = new Map<number, AbortController>();
  port.on('message', (msg: ToWorker<Req>) => {
    if (msg.type === 'cancel') {
      running.get(msg.id)?.abort();
      return;
    }
    const ac = new AbortController();
    running.set(msg.id, ac);
    const send = (m: FromWorker<Res, Prog>, transfer: TransferListItem[] = []) =>
      port.postMessage(m, transfer);
    handler(msg.payload, {
      signal: ac.signal,
      progress: (p, transfer) => send({ id: msg.id, type: 'progress', payload: p }, transfer),
    })
      .then(
        (r) => send({ id: msg.id, type: 'result', payload: r.result }, r.transfer),
        (err: unknown) => send({ id: msg.id, type: 'error', error: toWireError(err) }),
      )
      .finally(() => running.delete(msg.id));
  });
}
