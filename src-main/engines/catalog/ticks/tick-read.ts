import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Interval } from '../../../../src-shared/domain/range';
import type { TickKey } from '../../../../src-shared/domain/ticks';
import { BarcatError } from '../../../plumbing/errors';
import { checkPartitionTrusted } from '../read/partition-check';
import { concatTicks, pickTicks, type TickBatch } from './tick-batch';
import { decodeTicks } from './tick-codec';
import { tickDayDir } from './tick-layout';
import type { TickFileEntry, TickManifest } from './tick-manifest';

export function tickFilePath(root: string, key: TickKey, e: TickFileEntry): string {
  return path.join(tickDayDir(root, key, e.date), e.file);
}

/** Reads one tick file, after checking it is inside the catalog and its bytes are the manifest's. */
export async function readTickFile(root: string, key: TickKey, e: TickFileEntry): Promise<TickBatch> {
  const file = tickFilePath(root, key, e);
  checkPartitionTrusted(root, file, e);
  const bytes = await fs.readFile(file);
  try {
    return decodeTicks(key.kind, bytes);
  } catch (err) {
    throw new BarcatError(
      'CORRUPT',
      `tick file ${file} cannot be decoded (${(err as Error).message}); run "barcat verify" to quarantine it`,
    );
  }
}

/** Files of the manifest in time order (a day's chunks follow each other). */
export function filesInOrder(m: TickManifest): TickFileEntry[] {
  return [...m.files].sort((a, b) => a.minTs - b.minTs || a.file.localeCompare(b.file));
}

/**
 * Ticks with from <= ts < to (range in ms, as every range in Barcat), file by file in time order,
 * reading only overlapping files: a caller that folds them (bars on read) never holds the range whole.
 */
export async function scanTickRange(
  root: string,
  key: TickKey,
  m: TickManifest,
  range: Interval | undefined,
  onBatch: (b: TickBatch) => void,
): Promise<void> {
  const from = range ? range.from * 1000 : Number.NEGATIVE_INFINITY;
  const to = range ? range.to * 1000 : Number.POSITIVE_INFINITY;
  for (const e of filesInOrder(m)) {
    if (e.maxTs < from || e.minTs >= to) continue;
    const b = await readTickFile(root, key, e);
    if (e.minTs >= from && e.maxTs < to) {
      onBatch(b);
      continue;
    }
    const rows: number[] = [];
    for (let i = 0; i < b.length; i++) if (b.ts[i]! >= from && b.ts[i]! < to) rows.push(i);
    onBatch(pickTicks(b, rows));
  }
}

/** Ticks with from <= ts < to (range in ms), as one batch. */
export async function queryTickRange(
  root: string,
  key: TickKey,
  m: TickManifest,
  range: Interval | undefined,
): Promise<TickBatch> {
  const parts: TickBatch[] = [];
  await scanTickRange(root, key, m, range, (b) => parts.push(b));
  return concatTicks(key.kind, parts);
}
