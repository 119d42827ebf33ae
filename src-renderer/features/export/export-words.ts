import type { ExportFormat } from '../../../src-shared/domain/job-kinds/export';
import { ApiError, errorText } from '../../api/client';

/** What each format is for, in the dialog's format list. */
export const FORMAT_LABELS: Record<ExportFormat, string> = {
  csv: 'CSV (Barcat, UTC or offsets)',
  parquet: 'Parquet (DuckDB, pandas, Polars)',
  metatrader: 'MetaTrader 4 History Center',
  ninjatrader: 'NinjaTrader 8 (1m and 1d)',
  tradingview: 'TradingView CSV',
  amibroker: 'AmiBroker ASCII',
};

/** The dialog's sentence for a refused export: main sends a reason code, the renderer words it. */
export function exportErrorText(message: string, details: unknown): string {
  const reason = (details as { reason?: string } | undefined)?.reason;
  if (reason === 'out_inside_catalog')
    return 'That folder is inside the catalog. Choose a folder outside it: an export never writes into the catalog.';
  if (reason === 'folder_not_absolute')
    return 'Write the folder as a full path, from the root (for example /home/me/exports or C:\\Users\\me\\exports).';
  return `The export could not start: ${message}`;
}

/** A failed export command's line: main's refusals worded as above, anything else as thrown. */
export const exportFailure = (err: unknown) =>
  err instanceof ApiError ? exportErrorText(err.message, err.wire.details) : errorText(err);
