import type { BarBatch } from '../../catalog/index';
import type { CheckContext, Finding } from '../types';
import { finding } from './findings';
import { sampleStats, sampleStep, statsScratch, windows } from './robust';

/**
 * Volume outliers: log volume more than volumeK robust deviations above its window's median (from a
 * sample of the window). Zero volumes stay out of the statistics (the zero-volume check covers them).
 * The bound is turned into a volume once per window, so bars are compared without a logarithm each.
 */
export function checkVolume(b: BarBatch, ctx: CheckContext, out: Finding[]): void {
  const { volumeK, volumeWindow } = ctx.settings;
  const vol = b.volume;
  const scratch = statsScratch();
  for (const [from, to] of windows(b.ts, ctx.segments, volumeWindow)) {
    let n = 0;
    for (let i = from, step = sampleStep(from, to); i < to && n < scratch.length; i += step)
      if (vol[i]! > 0) scratch[n++] = Math.log(vol[i]!);
    const { median, sigma } = sampleStats(scratch, n);
    if (!(sigma > 0)) continue;
    const bound = Math.exp(median + volumeK * sigma);
    for (let i = from; i < to; i++) {
      const v = vol[i]!;
      if (!(v > bound) || v === Number.POSITIVE_INFINITY) continue;
      const score = (Math.log(v) - median) / sigma;
      out.push(
        finding(
          'volume_outlier',
          b.ts,
          i,
          i,
          ctx.timeframe,
          { volume: v, medianVolume: Math.exp(median) },
          { score },
        ),
      );
    }
  }
}
