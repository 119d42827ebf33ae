import type { Bar } from '../../../../src-shared/domain/bar';
import { toMs } from '../binance/klines';
import { ProtocolError } from '../errors';

/**
 * Rows of an archive CSV: spot files have no header, futures files have one from about 2022 on;
 * spot timestamps from 2025 are in µs (anything above 1e14 is µs).
 */
export function parseArchiveCsv(text: string, file: string): Bar[] {
  const out: Bar[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || (i === 0 && line.startsWith('open_time'))) continue;
    const f = line.split(',');
    const v = f.map(Number);
    if (f.length < 9 || v.slice(0, 9).some((x) => !Number.isFinite(x)))
      throw new ProtocolError(`${file}, line ${i + 1}: not a kline row ("${line.slice(0, 60)}")`);
    const volume = v[5]!;
    out.push({
      ts: toMs(v[0]!),
      open: v[1]!,
      high: v[2]!,
      low: v[3]!,
      close: v[4]!,
      volume,
      trades: v[8]!,
      vwap: volume > 0 ? v[7]! / volume : v[4]!,
    });
  }
  return out;
}
