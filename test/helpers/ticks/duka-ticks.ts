import type { DukaTick } from '../provider-server/vendors/dukascopy';

const H = 3_600_000;
/** Monday 2024-03-04 and the day after: the two days the EURUSD sample ticks fall on. */
export const DUKA_D1 = Date.UTC(2024, 2, 4);
export const DUKA_D2 = DUKA_D1 + 24 * H;
/** Five EURUSD quotes over the two days, served by the Dukascopy stand-in in the tick tests. */
export const EURUSD_TICKS: DukaTick[] = [
  { ts: DUKA_D1 + 10 * H + 71, ask: 1.14427, bid: 1.14425, askVolume: 3.5, bidVolume: 1 },
  { ts: DUKA_D1 + 10 * H + 65_000, ask: 1.14421, bid: 1.14419, askVolume: 2.25, bidVolume: 2.25 },
  { ts: DUKA_D1 + 12 * H + 900_000, ask: 1.14502, bid: 1.14499, askVolume: 1, bidVolume: 1.5 },
  { ts: DUKA_D2 + 1 * H + 5, ask: 1.146, bid: 1.14597, askVolume: 4, bidVolume: 4 },
  { ts: DUKA_D2 + 3 * H + 59_999, ask: 1.147, bid: 1.14698, askVolume: 1, bidVolume: 1 },
];
