import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { TickKey } from '../../../../src-shared/domain/ticks';
import { insideCatalog } from '../../../plumbing/inside';
import { crashPoint } from '../disk/crash-hook';
import { fsyncDir } from '../disk/fsutil';
import { type StagingArea, stagedFile } from '../write/staging';
import { concatTicks, pickTicks, sameTicks, type TickBatch } from './tick-batch';
import { decodeTicks } from './tick-codec';
import { tickDayDir, tickFileName } from './tick-layout';
import { type TickFileEntry, type TickManifest, writeTickManifest } from './tick-manifest';
import { filesInOrder, readTickFile, tickFilePath } from './tick-read';
import { type StagedTicks, stageTicks } from './tick-stage';

export interface TickWriteResult {
  /** Incoming ticks now in the series. */
  written: number;
  /** Stored ticks taken out because incoming ticks cover their time (same span of the same day). */
  replaced: number;
  /** Days whose stored ticks were already exactly the incoming ones: left as they were. */
  unchangedDays: number;
  filesWritten: number;
}

export interface TickCommitOptions {
  source?: string;
  signal?: AbortSignal;
}

/**
 * Commits staged tick files into a series, day by day. A day with no stored ticks takes the staged
 * files as they are (renamed). A day with stored ticks keeps those outside the incoming span
 * [first, last tick] and takes the incoming ones inside it (a re-import replaces, never doubles).
 * Crash safety as the bars': new files carry the next generation, the manifest is the one commit
 * point, superseded files are deleted after it; a crash before it leaves files the sweep deletes.
 */
export async function commitTicks(
  root: string,
  area: StagingArea,
  key: TickKey,
  manifest: TickManifest,
  staged: readonly StagedTicks[],
  opts: TickCommitOptions = {},
): Promise<TickWriteResult> {
  const result: TickWriteResult = { written: 0, replaced: 0, unchangedDays: 0, filesWritten: 0 };
  const generation = manifest.generation + 1;
  const byDate = groupBy(staged, (s) => s.date);
  const stored = groupBy(manifest.files, (f) => f.date);
  const next = new Map(manifest.files.map((f) => [`${f.date}/${f.file}`, f]));
  const superseded: string[] = [];
  const written: string[] = [];
  try {
    for (const [date, pieces] of [...byDate].sort(([a], [b]) => a.localeCompare(b))) {
      opts.signal?.throwIfAborted();
      pieces.sort((a, b) => a.minTs - b.minTs);
      const dayDir = tickDayDir(root, key, date);
      insideCatalog(root, dayDir);
      await fs.mkdir(dayDir, { recursive: true });
      const old = filesInOrder({ ...manifest, files: stored.get(date) ?? [] });
      // Staged files become the day's files of this generation, in time order.
      const place = async (files: StagedTicks[]) => {
        for (const [k, s] of files.entries()) {
          const { path: from, ...entry } = s;
          const file = tickFileName(generation, k);
          await fs.rename(stagedFile(root, from), path.join(dayDir, file));
          written.push(path.join(dayDir, file));
          crashPoint('partition-renamed');
          next.set(`${date}/${file}`, { ...entry, file, writtenAt: Date.now() });
          result.filesWritten++;
        }
      };
      if (old.length === 0) {
        await place(pieces);
        result.written += pieces.reduce((n, p) => n + p.rows, 0);
        continue;
      }
      const existing = concatTicks(key.kind, await Promise.all(old.map((e) => readTickFile(root, key, e))));
      const incoming = concatTicks(
        key.kind,
        await Promise.all(
          pieces.map(async (p) => decodeTicks(key.kind, await fs.readFile(stagedFile(root, p.path)))),
        ),
      );
      const { merged, replaced } = mergeDay(existing, incoming);
      if (sameTicks(merged, existing)) {
        result.unchangedDays++;
        continue;
      }
      result.replaced += replaced;
      result.written += incoming.length;
      for (const e of old) {
        superseded.push(`${date}/${e.file}`);
        next.delete(`${date}/${e.file}`);
      }
      await place(await stageTicks(area, key, merged));
    }
    for (const dir of new Set(written.map((f) => path.dirname(f)))) await fsyncDir(dir);
  } catch (err) {
    // Nothing is committed: this generation's files are ours and unreferenced.
    await Promise.all(written.map((f) => fs.rm(f, { force: true })));
    throw err;
  }
  if (written.length === 0) return result;
  crashPoint('before-manifest');
  await writeTickManifest(root, {
    ...manifest,
    generation,
    files: [...next.values()].sort((a, b) => a.minTs - b.minTs || a.file.localeCompare(b.file)),
    lastWrite: { at: Date.now(), source: opts.source ?? 'api' },
    pendingDelete: superseded,
  });
  crashPoint('after-manifest');
  for (const f of superseded) {
    const [date, file] = f.split('/') as [string, string];
    await fs.rm(tickFilePath(root, key, { date, file } as TickFileEntry), { force: true });
  }
  return result;
}

/** Stored ticks outside the incoming span, and the incoming ones, in time order. */
function mergeDay(existing: TickBatch, incoming: TickBatch): { merged: TickBatch; replaced: number } {
  const first = incoming.ts[0]!;
  const last = incoming.ts[incoming.length - 1]!;
  const before: number[] = [];
  const after: number[] = [];
  for (let i = 0; i < existing.length; i++) {
    const t = existing.ts[i]!;
    if (t < first) before.push(i);
    else if (t > last) after.push(i);
  }
  const merged = concatTicks(existing.kind, [
    pickTicks(existing, before),
    incoming,
    pickTicks(existing, after),
  ]);
  return { merged, replaced: existing.length - before.length - after.length };
}

function groupBy<T>(items: readonly T[], keyOf: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = keyOf(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}
