import type { BarBatch } from '../catalog/types';
import { finding } from './findings';
import { robustStats, windows } from './robust';
import type { CheckContext, Finding } from './types';

/**
 * Volume outliers: log volume more than volumeK robust deviations above its window's median.
 * Zero volumes stay out of the statistics (the zero-volume check covers them).
 */
export function checkVolume(b: BarBatch, ctx: CheckContext, out: Finding[]): void {
  const { volumeK, volumeWindow } = ctx.settings;
  const n = b.length;
  const logVol = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = b.volume[i]!;
    logVol[i] = v > 0 ? Math.log(v) : Number.NaN;
  }
  const scratch = new Float64Array(2 * volumeWindow);
  for (const [from, to] of windows(b.ts, ctx.segments, volumeWindow)) {
    const { median, sigma } = robustStats(logVol, from, to, scratch);
    if (!(sigma > 0)) continue;
    for (let i = from; i < to; i++) {
      const z = (logVol[i]! - median) / sigma;
      if (z > volumeK)
        out.push(
          finding(
            'volume_outlier',
            b.ts,
            i,
            i,
            ctx.timeframe,
            { volume: b.volume[i]!, medianVolume: Math.exp(median) },
            { score: z },
          ),
        );
    }
  }
}
