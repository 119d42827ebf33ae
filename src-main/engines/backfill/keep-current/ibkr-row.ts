// `add ibkr:SYMBOL`: Interactive Brokers has no symbol list to look in, so the symbol's one stock
// contract (reqContractDetails through TWS) gives the row, its primary exchange the series' venue.
import { BarcatError } from '../../../plumbing/errors';
import { ibkrContract } from '../../providers/ibkr/index';
import type { SymbolRow } from '../symbols/types';

export async function ibkrRow(symbol: string, baseUrl: string | undefined): Promise<SymbolRow> {
  try {
    const m = await ibkrContract(baseUrl, '', symbol);
    const c = m.contract;
    return {
      symbol: c.symbol,
      name: m.longName,
      assetClass: c.secType,
      exchange: c.primaryExch,
      status: 'trading',
      delisted: false,
    };
  } catch (err) {
    const reason = (err as { reason?: string }).reason;
    throw new BarcatError('PROVIDER', (err as Error).message, reason ? { reason } : undefined);
  }
}
