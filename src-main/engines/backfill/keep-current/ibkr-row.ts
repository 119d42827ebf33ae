// `add ibkr:SYMBOL`: the contract of the symbol with the series' IB settings (reqContractDetails through
// TWS) gives the row: a stock is filed under its primary exchange, a future under its exchange with its
// expiry (or -CONT) in the symbol. Several contracts: refused with the list, to choose one conId.
import { type IbkrSeries, ibkrSeriesSymbol } from '../../../../src-shared/domain/ibkr';
import { BarcatError } from '../../../plumbing/errors';
import { ibkrContract } from '../../providers/ibkr/index';
import type { SymbolRow } from '../symbols/types';

export async function ibkrRow(
  symbol: string,
  baseUrl: string | undefined,
  series: IbkrSeries,
): Promise<SymbolRow> {
  try {
    const m = await ibkrContract(baseUrl, '', ibkrSeriesSymbol(symbol, series), series);
    const c = m.contract;
    return {
      symbol: ibkrSeriesSymbol(c.symbol, series),
      name: m.longName,
      assetClass: c.secType,
      exchange: series.secType === 'STK' ? c.primaryExch : c.exchange,
      status: 'trading',
      delisted: false,
      currency: c.currency,
      conId: c.conId,
    };
  } catch (err) {
    const e = err as { reason?: string; candidates?: unknown[] };
    throw new BarcatError(
      'PROVIDER',
      (err as Error).message,
      e.reason
        ? { reason: e.reason, ...(e.candidates?.length ? { candidates: e.candidates } : {}) }
        : undefined,
    );
  }
}
