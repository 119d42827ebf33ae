import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseSeriesId, type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import { BarcatError, parseJsonOr } from '../../plumbing/errors';
import type { AssetClass, QualitySettings } from './types';

/**
 * Defaults per asset class (docs/quality.md says why). Crypto trades 24x7 with fat-tailed wicks;
 * equities have sessions and splits; FX moves in small steps and its vendors often carry no volume,
 * so its zero-volume check is off.
 */
export const DEFAULT_SETTINGS: Record<AssetClass, QualitySettings> = {
  crypto: {
    assetClass: 'crypto',
    spikeK: 15,
    spikeWindow: 720,
    spikeRevertBars: 3,
    spikeMinMove: 0.02,
    staleBars: 5,
    zeroVolumeBars: 30,
    volumeK: 12,
    volumeWindow: 720,
    jumpLog: 0.3,
  },
  equity: {
    assetClass: 'equity',
    spikeK: 12,
    spikeWindow: 390,
    spikeRevertBars: 3,
    spikeMinMove: 0.02,
    staleBars: 5,
    zeroVolumeBars: 30,
    volumeK: 12,
    volumeWindow: 390,
    jumpLog: 0.25,
  },
  fx: {
    assetClass: 'fx',
    spikeK: 12,
    spikeWindow: 1440,
    spikeRevertBars: 3,
    spikeMinMove: 0.005,
    staleBars: 5,
    zeroVolumeBars: null,
    volumeK: 12,
    volumeWindow: 1440,
    jumpLog: 0.05,
  },
};

/** The class a calendar implies: 24x7 is crypto, fx is FX, every other (exchange) calendar equity. */
export function assetClassOf(calendar: string): AssetClass {
  if (calendar === '24x7') return 'crypto';
  if (calendar === 'fx') return 'fx';
  return 'equity';
}

const count = z.number().int().min(1).max(1_000_000);
export const SettingsSchema = z
  .object({
    assetClass: z.enum(['crypto', 'equity', 'fx']),
    spikeK: z.number().positive(),
    spikeWindow: count.min(8),
    spikeRevertBars: count,
    spikeMinMove: z.number().min(0),
    staleBars: count.min(2).nullable(),
    zeroVolumeBars: count.nullable(),
    volumeK: z.number().positive(),
    volumeWindow: count.min(8),
    jumpLog: z.number().positive(),
  })
  .strict();
const OverridesSchema = SettingsSchema.partial().strict();
export type SettingsOverrides = z.infer<typeof OverridesSchema>;

/** `--config FILE`: `{ "defaults": {...}, "series": { "VENUE:SYMBOL:TF": {...} } }`, both optional. */
const ConfigSchema = z
  .object({
    defaults: OverridesSchema.default({}),
    series: z.record(z.string(), OverridesSchema).default({}),
  })
  .strict();

export interface QualityConfig {
  defaults: SettingsOverrides;
  /** Keyed by canonical series id. */
  series: Map<string, SettingsOverrides>;
}

export const EMPTY_CONFIG: QualityConfig = { defaults: {}, series: new Map() };

/** Reads and validates a config file; errors name the file and the key at fault. */
export async function loadQualityConfig(file: string): Promise<QualityConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new BarcatError(
      'BAD_INPUT',
      `cannot read quality config ${file} (${(err as NodeJS.ErrnoException).code}); check the path`,
    );
  }
  const json = parseJsonOr(
    text,
    (reason) => new BarcatError('BAD_INPUT', `quality config ${file} is not valid JSON (${reason})`),
  );
  const parsed = ConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BarcatError(
      'BAD_INPUT',
      `quality config ${file}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}; see docs/quality.md for the keys`,
    );
  }
  const series = new Map<string, SettingsOverrides>();
  for (const [id, overrides] of Object.entries(parsed.data.series)) {
    let canonical: string;
    try {
      canonical = seriesId(parseSeriesId(id));
    } catch (err) {
      throw new BarcatError('BAD_INPUT', `quality config ${file}: series.${id}: ${(err as Error).message}`);
    }
    series.set(canonical, overrides);
  }
  return { defaults: parsed.data.defaults, series };
}

/** Class defaults (class from the config, else from the calendar), then config defaults, then the series' own. */
export function settingsFor(key: SeriesKey, calendar: string, config: QualityConfig): QualitySettings {
  const own = config.series.get(seriesId(key)) ?? {};
  const assetClass = own.assetClass ?? config.defaults.assetClass ?? assetClassOf(calendar);
  return { ...DEFAULT_SETTINGS[assetClass], ...config.defaults, ...own, assetClass };
}
