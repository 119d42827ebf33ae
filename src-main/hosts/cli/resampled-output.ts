import path from 'node:path';
import { writeFileAtomic } from '../../engines/export/atomic-file';
import { type ExportBars, textChunks } from '../../engines/export/layouts';
import { encodeExportParquet } from '../../engines/export/parquet';
import { WallClock } from '../../engines/export/wall-time';
import type { CliIO } from './command';

/** Resampled bars (with their complete/filled columns) as csv/json/parquet, to FILE or stdout. */
export async function writeResampledOut(
  data: ExportBars,
  format: 'csv' | 'json' | 'parquet',
  out: string | undefined,
  io: CliIO,
): Promise<void> {
  const chunks: Iterable<string | Uint8Array> =
    format === 'csv'
      ? textChunks('csv', data, new WallClock('UTC'))
      : format === 'parquet'
        ? [encodeExportParquet(data, {})]
        : [`${JSON.stringify(jsonBars(data))}\n`];
  // --out keeps query's meaning (replace the file), now atomically.
  if (out) return writeFileAtomic(path.resolve(io.cwd, out), chunks, true);
  for (const chunk of chunks)
    if (!io.stdout.write(chunk)) await new Promise((r) => io.stdout.once('drain', r));
}

function jsonBars({ bars, complete, filled }: ExportBars): Record<string, unknown>[] {
  return Array.from({ length: bars.length }, (_, i) => ({
    ts: new Date(bars.ts[i]!).toISOString(),
    open: bars.open[i],
    high: bars.high[i],
    low: bars.low[i],
    close: bars.close[i],
    volume: bars.volume[i],
    ...(bars.trades ? { trades: nullIfNaN(bars.trades[i]!) } : {}),
    ...(bars.vwap ? { vwap: nullIfNaN(bars.vwap[i]!) } : {}),
    ...(complete ? { complete: complete[i] === 1 } : {}),
    ...(filled ? { filled: filled[i] === 1 } : {}),
  }));
}

const nullIfNaN = (v: number) => (Number.isNaN(v) ? null : v);
