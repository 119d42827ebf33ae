import type { SymbolProvider, SymbolRow } from '../../../../src-shared/domain/job-kinds/keep-current';

export {
  SYMBOL_PROVIDERS,
  type SymbolProvider,
  type SymbolRow,
} from '../../../../src-shared/domain/job-kinds/keep-current';

/** The cached list of one provider. */
export interface SymbolList {
  provider: SymbolProvider;
  fetchedAt: number;
  /** The base URL it came from: a list from a test server or mirror is not mixed with the real one. */
  baseUrl: string;
  symbols: SymbolRow[];
}
