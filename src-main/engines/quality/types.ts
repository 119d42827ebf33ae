import type { Timeframe } from '../../../src-shared/domain/timeframe';
import type { SessionCalendar } from '../catalog/index';

/** Every check's code, in the order reports list them. */
export const CHECKS = [
  'impossible',
  'duplicate_ts',
  'unordered_ts',
  'off_grid',
  'out_of_session',
  'spike',
  'stale_run',
  'zero_volume_run',
  'volume_outlier',
  'corporate_action',
] as const;
export type CheckCode = (typeof CHECKS)[number];

/** Why a bar is impossible (the `impossible` check). */
export type ImpossibleReason =
  | 'nan'
  | 'non_positive_price'
  | 'high_below_body'
  | 'low_above_body'
  | 'negative_volume';

/**
 * One finding: a code with fields, never a sentence (the CLI and the app word it). [from, to) spans
 * the bars concerned (to = end of the last bar); `values` are the numbers that triggered it, named
 * per check (docs/quality.md lists them); NaN is stored as null.
 */
export interface Finding {
  check: CheckCode;
  from: number;
  to: number;
  bars: number;
  /** The column concerned (spike: high, low or close), or the impossible reason. */
  field?: string;
  values: Record<string, number | null>;
  /** How far beyond normal, in robust deviations (spike, volume outlier) or |log ratio| (corporate action). */
  score?: number;
}

export type AssetClass = 'crypto' | 'equity' | 'fx';

/** Thresholds of one series; null switches a run check off. */
export interface QualitySettings {
  assetClass: AssetClass;
  /** Robust deviations (1.4826 x MAD) beyond which a high, low or close departs from its neighbours. */
  spikeK: number;
  /** Bars per window of the robust scale (windows tile each partition). */
  spikeWindow: number;
  /** A spike reverts within this many bars. */
  spikeRevertBars: number;
  /** |log move| a spike must also exceed, so one-tick blips in a flat market are not spikes. */
  spikeMinMove: number;
  /** Minimum identical zero-volume bars in a session that make a stale run. */
  staleBars: number | null;
  /** Minimum zero-volume bars in a session that make a zero-volume run. */
  zeroVolumeBars: number | null;
  /** Robust deviations of log volume above which a bar's volume is an outlier. */
  volumeK: number;
  volumeWindow: number;
  /** |log(open / previous close)| across a session boundary or a hole beyond which a jump is flagged. */
  jumpLog: number;
}

/** What the checks need besides the bars. */
export interface CheckContext {
  timeframe: Timeframe;
  calendar: SessionCalendar;
  settings: QualitySettings;
  /**
   * Start times of the partitions in the batch, ascending: windows restart there and runs are cut
   * there, so a partition's findings depend only on it and its neighbours (incremental recompute).
   */
  segments: readonly number[];
}
