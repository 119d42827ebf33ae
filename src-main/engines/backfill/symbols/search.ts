import type { SymbolRow } from './types';

/**
 * Rows whose symbol or name contains the query (case-insensitive): exact symbol first, then symbols
 * starting with it, then the rest; listed before delisted, alphabetical within each.
 */
export function searchSymbols(rows: readonly SymbolRow[], query: string): SymbolRow[] {
  const q = query.trim().toUpperCase();
  const rank = (r: SymbolRow): number => {
    const s = r.symbol.toUpperCase();
    return s === q ? 0 : s.startsWith(q) ? 1 : 2;
  };
  return rows
    .filter((r) => r.symbol.toUpperCase().includes(q) || r.name.toUpperCase().includes(q))
    .sort(
      (a, b) =>
        rank(a) - rank(b) || Number(a.delisted) - Number(b.delisted) || a.symbol.localeCompare(b.symbol),
    );
}

/** Exactly one symbol, for `add`: the row with this symbol (series keys are upper case anyway). */
export function findSymbol(rows: readonly SymbolRow[], symbol: string): SymbolRow | undefined {
  const s = symbol.toUpperCase();
  return rows.find((r) => r.symbol.toUpperCase() === s);
}

export function symbolsTable(rows: readonly SymbolRow[]): string {
  if (rows.length === 0) return 'no symbols match\n';
  // Interactive Brokers lists contracts: their currency and conId (for --con-id) are shown too.
  const contracts = rows.some((r) => r.conId !== undefined);
  const head = ['SYMBOL', 'NAME', 'CLASS', 'EXCHANGE', ...(contracts ? ['CURRENCY', 'CONID'] : []), 'STATUS'];
  const body = rows.map((r) => [
    r.symbol,
    r.name,
    r.assetClass,
    r.exchange,
    ...(contracts ? [r.currency ?? '', r.conId === undefined ? '' : String(r.conId)] : []),
    r.delisted && r.status !== 'delisted' ? `${r.status} (delisted)` : r.status,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((c) => c[i]!.length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[fmt(head), ...body.map(fmt)].join('\n')}\n`;
}
