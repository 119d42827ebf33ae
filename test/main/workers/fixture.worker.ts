// Test worker for the pool: echoes, reports progress, sums transferred arrays, dies on request.
import { serveWorker } from '../../../src-main/plumbing/workers/serve-requests';

/** What the pool tests send (the tests import the type only, so the worker does not start there). */
export type Req =
  | { op: 'echo'; value: string }
  | { op: 'sum'; data: Float64Array }
  | { op: 'die' }
  | { op: 'slow'; ms: number }
  | { op: 'fail' };

serveWorker<Req, unknown, number>(async (req, ctx) => {
  switch (req.op) {
    case 'echo':
      return { result: req.value };
    case 'sum': {
      let s = 0;
      for (let i = 0; i < req.data.length; i++) {
        s += req.data[i] as number;
        if (i % 1000 === 0) ctx.progress(i);
      }
      const out = new Float64Array([s]);
      return { result: out, transfer: [out.buffer] };
    }
    case 'die':
      process.exit(7);
      return { result: null };
    case 'fail':
      throw new Error('boom');
    case 'slow':
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, req.ms);
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(t);
          const e = new Error('cancelled');
          e.name = 'AbortError';
          reject(e);
        });
      });
      return { result: 'slept' };
  }
});
