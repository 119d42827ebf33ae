import { closeIbSessions } from '../../../src-main/engines/providers/ibkr/index';
import { CONTRACTS, sessionBars } from './data';
import { type StandInOptions, TwsStandIn } from './stand-in';

/** The TWS stand-in serving the test contracts' session bars unless `o` says otherwise. */
export function startTws(
  o: Pick<StandInOptions, 'now' | 'headTimestamp'> & Partial<StandInOptions>,
): Promise<TwsStandIn> {
  return TwsStandIn.start({ contracts: CONTRACTS, bars: sessionBars, ...o });
}

/** Ends the IB sessions a test opened, then the stand-in, then what else the test made (its catalog). */
export async function closeTws(
  tws: TwsStandIn | undefined,
  ...made: { cleanup(): Promise<void> }[]
): Promise<void> {
  closeIbSessions();
  await tws?.close();
  for (const m of made) await m.cleanup();
}
