// TWS error messages (message 4) in plain words, each with a reason code the app can word again.

import type { IbCandidate } from '../../../../src-shared/domain/ibkr';
import { ProviderRefusal } from '../errors';

export type IbReason =
  | 'IB_NOT_CONNECTED'
  | 'IB_CONNECTION_LOST'
  | 'IB_NO_SECURITY'
  | 'IB_NO_PERMISSION'
  | 'IB_AMBIGUOUS_CONTRACT'
  | 'IB_BAD_SERIES'
  | 'IB_PACING'
  | 'IB_ERROR';

/** A refusal from TWS (or about reaching it), with its reason code and the TWS error code if any. */
export class IbError extends ProviderRefusal {
  constructor(
    readonly reason: IbReason,
    message: string,
    readonly code: number | null = null,
    permanent = false,
    /** IB_AMBIGUOUS_CONTRACT: the contracts to choose from. */
    readonly candidates: IbCandidate[] = [],
  ) {
    super(message, permanent);
    this.name = 'IbError';
  }
}

/** The socket closed under open requests: they are sent again once the connection is back. */
export class ConnectionLost extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionLost';
  }
}

/** Farm status notices TWS sends with id -1 (2104, 2106, 2158 and kin): information, not errors. */
export function isNotice(code: number): boolean {
  return code >= 2100 && code < 2200;
}

export function notConnected(host: string, port: number, cause: string): IbError {
  return new IbError(
    'IB_NOT_CONNECTED',
    `Interactive Brokers: no TWS or IB Gateway answers at ${host}:${port} (${cause}); start TWS or IB Gateway and enable API connections on port ${port} (Configure > API > Settings)`,
  );
}

/** 162 with the "no data" text is an empty answer, with the pacing text a violation; else an error. */
export type HistoricalAnswer = 'no-data' | 'pacing' | 'error';

export function classify162(text: string): HistoricalAnswer {
  if (/pacing violation/i.test(text)) return 'pacing';
  if (/returned no data/i.test(text)) return 'no-data';
  return 'error';
}

/** Error 200 / 354 / others tied to a request, worded for the user. */
export function requestError(code: number, text: string, what: string): IbError {
  if (code === 200)
    return new IbError(
      'IB_NO_SECURITY',
      `Interactive Brokers has no contract for ${what} (error 200: ${text}); check the symbol, venue and currency, or choose a contract (conId) for the series`,
      code,
      true,
    );
  if (code === 354)
    return new IbError(
      'IB_NO_PERMISSION',
      `Interactive Brokers: the account has no market data permission for ${what} (error 354: ${text}); subscribe to its market data in Client Portal`,
      code,
      true,
    );
  return new IbError('IB_ERROR', `Interactive Brokers error ${code} for ${what}: ${text}`, code);
}
