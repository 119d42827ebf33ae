import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import type { Timeframe } from '../../../src-shared/domain/timeframe';
import { entryExists } from '../../plumbing/entry-exists';
import { BarcatError } from '../../plumbing/errors';
import { timeframeDirName } from '../catalog/index';
import { exists } from './atomic-file';
import type { ExportFormat } from './layouts';

export interface Target {
  key: SeriesKey;
  file: string;
}

// NinjaTrader's importer lists .txt files; the others take .csv.
const EXTENSION: Record<ExportFormat, string> = {
  csv: 'csv',
  parquet: 'parquet',
  metatrader: 'csv',
  ninjatrader: 'txt',
  tradingview: 'csv',
  amibroker: 'csv',
};

// As in the catalog: "1M" and "1m" would collide on case-insensitive file systems.
async function isDir(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Where each series goes: one series into --out as a file, unless --out is a folder; several into
 * the folder --out, one file per series (VENUE~SYMBOL~TF.ext), or hive-partitioned for Parquet.
 * Refuses before anything is written when a target exists (without `force`) or two series share one.
 */
export async function planTargets(
  keys: readonly SeriesKey[],
  timeframe: Timeframe | undefined,
  format: ExportFormat,
  out: string,
  cwd: string,
  force: boolean,
): Promise<Target[]> {
  const root = path.resolve(cwd, out);
  const single = keys.length === 1 && !(await isDir(root));
  const targets = keys.map((key) => {
    if (single) return { key, file: root };
    const tf = timeframeDirName(timeframe ?? key.timeframe);
    const file =
      format === 'parquet'
        ? path.join(root, `venue=${key.venue}`, `symbol=${key.symbol}`, `timeframe=${tf}`, 'data.parquet')
        : path.join(root, `${key.venue}~${key.symbol}~${tf}.${EXTENSION[format]}`);
    const rel = path.relative(root, file);
    if (rel.startsWith('..') || path.isAbsolute(rel))
      throw new BarcatError(
        'BAD_INPUT',
        `series ${seriesId(key)} would be written outside ${root}; rename it`,
      );
    return { key, file };
  });
  const seen = new Map<string, SeriesKey>();
  for (const t of targets) {
    const other = seen.get(t.file);
    if (other)
      throw new BarcatError(
        'USAGE',
        `${seriesId(other)} and ${seriesId(t.key)} would both be written to ${t.file}; export them separately`,
      );
    seen.set(t.file, t.key);
    if (!force && (await entryExists(t.file))) throw exists(t.file);
  }
  return targets;
}
