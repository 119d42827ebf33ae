import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Timeframe } from '../../../src-shared/domain/timeframe';

/** The shared real-file set beside the repo, and its expected.json entries. */
export const REAL_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/testdata/real',
);

export interface ExpectedFile {
  file: string;
  timeframe: Timeframe | null;
  tz: string | null;
  bars: boolean;
  dataRows: number;
  validRows: number | null;
  earliest: string;
  latest: string;
  endStamped: boolean;
}

export function expectedFiles(): ExpectedFile[] {
  return JSON.parse(readFileSync(path.join(REAL_DIR, 'expected.json'), 'utf8')) as ExpectedFile[];
}

/** expected.json gives dates for daily files and ISO instants for intraday ones. */
export function expectedMs(s: string): number {
  return Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);
}
