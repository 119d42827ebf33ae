import type { BarBatch } from '../../catalog/index';
import { CHECKS, type CheckContext, type Finding } from '../types';
import { checkBars } from './check-bars';
import { checkJumps } from './check-jumps';
import { checkOutOfSession, checkRuns } from './check-runs';
import { checkSpikes } from './check-spikes';
import { checkVolume } from './check-volume';
import { segmentStarts } from './robust';
import { sessionMap } from './sessions';

const ORDER = new Map(CHECKS.map((c, i) => [c, i]));

/** Every check over a batch (time-sorted as the catalog keeps it); findings by time, then check. */
export function runChecks(b: BarBatch, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  if (b.length === 0) return out;
  const sm = sessionMap(b.ts, ctx);
  const cuts = segmentStarts(b.ts, ctx.segments);
  checkBars(b, ctx, out);
  checkOutOfSession(b, ctx, sm, cuts, out);
  checkSpikes(b, ctx, sm, out);
  checkRuns(b, ctx, sm, cuts, out);
  checkVolume(b, ctx, out);
  checkJumps(b, ctx, sm, out);
  return out.sort((x, y) => x.from - y.from || ORDER.get(x.check)! - ORDER.get(y.check)!);
}
