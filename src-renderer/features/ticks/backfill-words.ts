/** Why a Dukascopy backfill could not start, in words, from main's reason code where it sends one. */
export function tickBackfillErrorText(message: string, details: unknown): string {
  const d = (details ?? {}) as { reason?: string; symbol?: string; baseUrl?: string; timeframe?: string };
  if (d.reason === 'UNKNOWN_INSTRUMENT')
    return `Barcat does not know the price scale of ${d.symbol ?? 'that instrument'} at Dukascopy, so it cannot read its ticks. Try a major FX pair, a metal or an index (EURUSD, XAUUSD, ...).`;
  if (d.reason === 'BAD_BASE_URL')
    return `The server ${d.baseUrl ?? ''} is neither Dukascopy shape: its path must end in /datafeed (the .bi5 files) or /v1 (the JSON API). Leave it empty for Dukascopy's own.`;
  if (d.reason === 'PAGE_SERVER')
    return `This web host does not call a server named in the page (${d.baseUrl ?? ''}). Leave Server empty: the host uses the Dukascopy server of its settings file, else Dukascopy's own.`;
  if (d.reason === 'BAD_TIMEFRAME')
    return `The timeframe "${d.timeframe ?? ''}" is not one Barcat knows (1s up, e.g. 1m, 15m, 1h).`;
  return message;
}
