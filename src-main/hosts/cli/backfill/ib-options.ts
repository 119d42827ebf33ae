// The IB flags as plain option objects: commands spread them at start, so this file imports only the
// option builder (itself importing nothing).
import { stringOptions } from '../io/option-groups';

/** Flags naming where TWS / IB Gateway listens (provider ibkr); they build the tws:// base URL. */
export const IB_OPTIONS = stringOptions('ib-host', 'ib-port', 'ib-client-id');

/** Flags of a series' Interactive Brokers settings (stored with the series, sent with its jobs). */
export const IB_SERIES_OPTIONS = stringOptions('what-to-show', 'rth', 'con-id', 'sec-type', 'expiry');
