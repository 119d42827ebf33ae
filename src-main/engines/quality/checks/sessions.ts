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
  const session = new Int32Array(n).fill(-1);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let finite = true;
  for (let i = 0; i < n; i++) {
    const t = ts[i]!;
    if (t < lo) lo = t;
    if (t > hi) hi = t;
    if (!Number.isFinite(t)) finite = false;
  }
  const daily = isDailyOrLonger(ctx.timeframe);
  const span = { from: lo, to: hi >= lo ? nextBarStart(hi, ctx.timeframe) : lo };
  const sessions = hi >= lo ? ctx.calendar.sessions(span, ctx.timeframe) : [];
  // One session over every bar (a 24x7 market): all inside it, nothing to look up bar by bar.
  const whole = sessions.length === 1 && sessions[0]!.from <= span.from && sessions[0]!.to >= span.to;
  if (finite && whole) return { inSession, session: session.fill(0), daily };
  for (const i of outOfSession(ctx.calendar, ts, ctx.timeframe)) inSession[i] = 0;
  if (!(hi >= lo)) return { inSession, session, daily };
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
