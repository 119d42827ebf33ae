/**
 * A HistData ASCII tick file (`YYYYMMDD HHMMSSmmm,bid,ask,0`, EST = UTC-5 all year): on Tue
 * 2024-01-02 from 10:00 EST (15:00 UTC) one tick every 15 s for three minutes (12 ticks, three 1m
 * bars), then on Thu 2024-01-04 at 10:00 EST four ticks (one bar). Wed 2024-01-03 has none: a gap.
 * Bid steps by 0.0001 per tick from 1.1000, ask = bid + 0.0002.
 */
export function histdataTicks(): string {
  const lines: string[] = [];
  let bid = 1.1;
  const tick = (day: string, sec: number) => {
    const hh = 10 + Math.floor(sec / 3600);
    const mm = Math.floor((sec % 3600) / 60);
    const ss = sec % 60;
    const t = `${String(hh).padStart(2, '0')}${String(mm).padStart(2, '0')}${String(ss).padStart(2, '0')}000`;
    lines.push(`${day} ${t},${bid.toFixed(4)},${(bid + 0.0002).toFixed(4)},0`);
    bid += 0.0001;
  };
  for (let s = 0; s < 180; s += 15) tick('20240102', s);
  for (let s = 0; s < 60; s += 15) tick('20240104', s);
  return `${lines.join('\n')}\n`;
}

export const HISTDATA_TICK_FILE = 'DAT_ASCII_EURUSD_T_202401.csv';

/** The plan detected for a HistData tick file of EUR/USD (without its ticks, price and timeframe choices). */
export const HISTDATA_TICK_PLAN = {
  format: 'histdata',
  kind: 'quotes',
  venue: 'HISTDATA',
  symbol: 'EURUSD',
  hasHeader: false,
  delimiter: ',',
  columns: { ts: 0, bid: 1, ask: 2 },
  columnNames: ['1', '2', '3', '4'],
  time: 'ymd-glued',
  tz: 'UTC-5',
  toleranceMs: 1000,
};
