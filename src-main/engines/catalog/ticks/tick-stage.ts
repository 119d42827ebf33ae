import path from 'node:path';
import { type TickKey, tickSeriesId } from '../../../../src-shared/domain/tick-key';
import { sha256Hex } from '../../../plumbing/sha256';
import { writeNewFileSynced } from '../disk/fsutil';
import type { StagingArea } from '../write/staging';
import { sliceTicks, type TickBatch, tickColumns } from './tick-batch';
import { encodeTicks } from './tick-codec';
import { TICKS_PER_FILE, tickDate } from './tick-layout';
import type { TickFileEntry } from './tick-manifest';

/** Milliseconds spent encoding and writing (fsync and checksum included), for the import's time split. */
export interface StageClock {
  encodeMs: number;
  writeMs: number;
}

/** A tick file encoded ahead of its commit: its manifest entry, less the final name, plus where it is. */
export interface StagedTicks extends Omit<TickFileEntry, 'file' | 'writtenAt'> {
  path: string;
}

const ALWAYS = new Set(['ts', 'bid', 'ask', 'price', 'size']);

/** What a tick file's manifest entry says of the ticks it holds and of its bytes. */
export function tickFileFacts(
  ticks: TickBatch,
  bytes: Uint8Array,
): Pick<TickFileEntry, 'rows' | 'minTs' | 'maxTs' | 'bytes' | 'sha256' | 'columns'> {
  return {
    rows: ticks.length,
    minTs: ticks.ts[0]!,
    maxTs: ticks.ts[ticks.length - 1]!,
    bytes: bytes.length,
    sha256: sha256Hex(bytes),
    columns: tickColumns(ticks)
      .map(([c]) => c)
      .filter((c) => !ALWAYS.has(c)),
  };
}

/**
 * Encodes one UTC day's sorted ticks (or a piece of a busy day's, handed over in time order) into
 * the staging area, in files of at most TICKS_PER_FILE rows, each written and fsynced. Any thread
 * may stage; nothing in the catalog changes until TickStore.commit takes the files.
 */
export async function stageTicks(
  area: StagingArea,
  key: TickKey,
  day: TickBatch,
  clock?: StageClock,
): Promise<StagedTicks[]> {
  if (day.length === 0) return [];
  const date = tickDate(day.ts[0]!);
  const last = tickDate(day.ts[day.length - 1]!);
  if (last !== date) throw new Error(`stageTicks: ticks of ${date} and ${last} in one batch`);
  const out: StagedTicks[] = [];
  for (let start = 0; start < day.length; start += TICKS_PER_FILE) {
    const piece = sliceTicks(day, start, Math.min(day.length, start + TICKS_PER_FILE));
    const t0 = performance.now();
    const bytes = encodeTicks(piece, { 'barcat.series': tickSeriesId(key), 'barcat.date': date });
    const t1 = performance.now();
    const rand = Math.random().toString(36).slice(2, 10);
    const file = path.join(area.dir, `ticks-${key.kind}-${date}-${rand}.parquet`);
    await writeNewFileSynced(file, bytes);
    out.push({ date, path: file, ...tickFileFacts(piece, bytes) });
    if (clock) {
      clock.encodeMs += t1 - t0;
      clock.writeMs += performance.now() - t1;
    }
  }
  return out;
}
