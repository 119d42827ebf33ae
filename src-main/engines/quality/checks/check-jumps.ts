import { gridOf } from '../../../../src-shared/domain/timeframe';
import type { BarBatch } from '../../catalog/index';
import type { CheckContext, Finding } from '../types';
import { finding } from './findings';
import type { SessionMap } from './sessions';

/**
 * Possible corporate actions: |log(open / previous close)| above jumpLog where the two bars lie in
 * different sessions (every pair of daily bars does) or have missing bars between them, the places an unadjusted split or a symbol
 * change shows. Moves inside a session are the spike check's.
 */
export function checkJumps(b: BarBatch, ctx: CheckContext, sm: SessionMap, out: Finding[]): void {
  const { jumpLog } = ctx.settings;
  const { ts, open: opens, close } = b;
  const { next } = gridOf(ctx.timeframe);
  for (let i = 1; i < b.length; i++) {
    const boundary = sm.daily || sm.session[i] !== sm.session[i - 1] || ts[i]! > next(ts[i - 1]!);
    if (!boundary) continue;
    const prev = close[i - 1]!;
    const open = opens[i]!;
    if (!(prev > 0 && open > 0)) continue;
    const move = Math.log(open / prev);
    if (Math.abs(move) > jumpLog)
      out.push(
        finding(
          'corporate_action',
          b.ts,
          i - 1,
          i,
          ctx.timeframe,
          { previousClose: prev, open, ratio: open / prev },
          { score: Math.abs(move) },
        ),
      );
  }
}
