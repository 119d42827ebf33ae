import { isDailyOrLonger, nextBarStart } from '../../../../src-shared/domain/timeframe';
import { firstEndingAfter, outOfSession } from '../../calendars/index';
import type { CheckContext } from '../types';

export interface SessionMap {
  /** 1 where the bar lies inside a session of the series' calendar (per outOfSession). */
  inSession: Uint8Array;
  /** Index of the session holding the bar (or the next one for a bar outside): equal means same session. */
  session: Int32Array;
  /** Daily or longer bars: each is a session of its own, so runs and spikes go on across sessions. */
  daily: boolean;
}

/** Bar i opens a new intraday session: windows of intraday moves and runs stop there. */
export function opensSession(sm: SessionMap, i: number): boolean {
  return !sm.daily && sm.session[i] !== sm.session[i - 1];
}

/** Which session each bar belongs to, from one call of the calendar's sessions over the batch's span. */
export function sessionMap(ts: Float64Array, ctx: CheckContext): SessionMap {
  const n = ts.length;
  const inSession = new Uint8Array(n).fill(1);
  for (const i of outOfSession(ctx.calendar, ts, ctx.timeframe)) inSession[i] = 0;
  const session = new Int32Array(n).fill(-1);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = ts[i]!;
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  const daily = isDailyOrLonger(ctx.timeframe);
  if (!(hi >= lo)) return { inSession, session, daily };
  const sessions = ctx.calendar.sessions({ from: lo, to: nextBarStart(hi, ctx.timeframe) }, ctx.timeframe);
  let k = 0;
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = ts[i]!;
    if (Number.isNaN(t)) continue;
    // Time order is the rule; a step back (foreign writer) re-seeks.
    if (t < prev) k = firstEndingAfter(sessions, t);
    while (k < sessions.length && sessions[k]!.to <= t) k++;
    session[i] = k;
    prev = t;
  }
  return { inSession, session, daily };
}
