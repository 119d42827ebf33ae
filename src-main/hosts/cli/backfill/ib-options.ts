// The IB flags as plain option objects: commands spread them at start, so this file imports only the
// option builder (itself importing nothing).
import { stringOptions } from '../io/option-groups';

/** Flags naming where TWS / IB Gateway listens (provider ibkr); they build the tws:// base URL. */
export const IB_OPTIONS = stringOptions('ib-host', 'ib-port', 'ib-client-id');

/** How a usage line words --base-url, or IB_OPTIONS in its place (provider ibkr). */
export const IB_USAGE = '[--base-url URL | --ib-host H --ib-port P --ib-client-id N]';

/** Flags of a series' Interactive Brokers settings (stored with the series, sent with its jobs). */
export const IB_SERIES_OPTIONS = stringOptions('what-to-show', 'rth', 'con-id', 'sec-type', 'expiry');

/** How a usage line words IB_SERIES_OPTIONS. */
export const IB_SERIES_USAGE =
  '[--what-to-show W] [--rth yes|no] [--con-id ID] [--sec-type STK|FUT|CONTFUT] [--expiry YYYYMM]';
