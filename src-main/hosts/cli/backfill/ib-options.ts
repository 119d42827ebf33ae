// The IB flags as plain option objects: commands spread them at start, so this file imports nothing.
/** Flags naming where TWS / IB Gateway listens (provider ibkr); they build the tws:// base URL. */
export const IB_OPTIONS = {
  'ib-host': { type: 'string' },
  'ib-port': { type: 'string' },
  'ib-client-id': { type: 'string' },
} as const;

/** Flags of a series' Interactive Brokers settings (stored with the series, sent with its jobs). */
export const IB_SERIES_OPTIONS = {
  'what-to-show': { type: 'string' },
  rth: { type: 'string' },
  'con-id': { type: 'string' },
  'sec-type': { type: 'string' },
  expiry: { type: 'string' },
} as const;
