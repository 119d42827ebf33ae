import type { WireError } from '../../../src-shared/wire';

/** Messages between a pool and its workers; every call carries the pool's sequence id. */
export type ToWorker<Req> = { id: number; type: 'call'; payload: Req } | { id: number; type: 'cancel' };

export type FromWorker<Res, Prog> =
  | { id: number; type: 'progress'; payload: Prog }
  | { id: number; type: 'result'; payload: Res }
  | { id: number; type: 'error'; error: WireError };
