import type { CheckCode, Finding } from './types';

/** What each check is called in tables. */
export const CHECK_TITLES: Record<CheckCode, string> = {
  impossible: 'impossible values',
  duplicate_ts: 'duplicate timestamps',
  unordered_ts: 'timestamps out of order',
  off_grid: 'off-grid timestamps',
  out_of_session: 'bars outside sessions',
  spike: 'spikes',
  stale_run: 'stale runs',
  zero_volume_run: 'zero-volume runs',
  volume_outlier: 'volume outliers',
  corporate_action: 'possible corporate actions',
};

const IMPOSSIBLE: Record<string, string> = {
  nan: 'a value is not a number',
  non_positive_price: 'a price is zero or negative',
  high_below_body: 'high is below open or close',
  low_above_body: 'low is above open or close',
  negative_volume: 'volume is negative',
};

function num(v: number | null | undefined): string {
  if (v === null || v === undefined) return 'NaN';
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(8)));
}

function bars(n: number | null | undefined): string {
  return n === 1 ? '1 bar' : `${num(n)} bars`;
}

function iso(t: number): string {
  return Number.isFinite(t) ? new Date(t).toISOString().replace('.000Z', 'Z') : String(t);
}

/** One finding in words, for the CLI: its time, then what was found. */
export function wordFinding(f: Finding): string {
  const v = f.values;
  const at = f.bars > 1 ? `${iso(f.from)}..${iso(f.to)}` : iso(f.from);
  const what = ((): string => {
    switch (f.check) {
      case 'impossible':
        return `${IMPOSSIBLE[f.field ?? ''] ?? f.field} (O ${num(v.open)} H ${num(v.high)} L ${num(v.low)} C ${num(v.close)} V ${num(v.volume)})`;
      case 'duplicate_ts':
        return 'two bars share this timestamp';
      case 'unordered_ts':
        return `comes after a bar at ${iso(v.previousTs ?? Number.NaN)}`;
      case 'off_grid':
        return "not on the timeframe's grid";
      case 'out_of_session':
        return `${bars(f.bars)} outside the calendar's sessions`;
      case 'spike':
        return `${f.field} ${num(v.value)} after ${num(v.previous)}, back to ${num(v.revertedTo)} ${bars(v.revertedBars)} later (${num(f.score)} deviations)`;
      case 'stale_run':
        return `${f.bars} identical bars at ${num(v.price)} with zero volume (run of ${num(v.runBars)})`;
      case 'zero_volume_run':
        return `${bars(f.bars)} with zero volume (run of ${num(v.runBars)})`;
      case 'volume_outlier':
        return `volume ${num(v.volume)} against a median of ${num(v.medianVolume)} (${num(f.score)} deviations)`;
      case 'corporate_action':
        return `open ${num(v.open)} after close ${num(v.previousClose)} (x${num(v.ratio)}): a split or symbol change not adjusted?`;
    }
  })();
  return `${at} ${what}`;
}
