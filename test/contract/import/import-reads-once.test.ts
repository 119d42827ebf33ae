import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src-main/engines/catalog/index';
import { hashStats } from '../../../src-main/engines/import/files/registry';
import { chunkReads } from '../../../src-main/engines/import/parse/file-chunks';
import { inProcessReader } from '../../../src-main/engines/import/readers';
import { runTickImport } from '../../../src-main/engines/import/ticks/tick-import';
import type { CommandOutput, ImportFilePreview, JobView } from '../../../src-shared/contract';
import { finishedJob, tempCoreOf } from '../temp-core';

const { call, dir } = tempCoreOf('barcat-reads-once-');

/** Counts the reads through of each file (fileChunks opens) while `work` runs. */
async function readsOf<T>(work: () => Promise<T>): Promise<{ value: T; reads: Map<string, number> }> {
  const reads = new Map<string, number>();
  chunkReads.onOpen = (f) => reads.set(f, (reads.get(f) ?? 0) + 1);
  try {
    return { value: await work(), reads };
  } finally {
    chunkReads.onOpen = undefined;
  }
}
afterEach(() => {
  chunkReads.onOpen = undefined;
});

describe('each file is read once per step of an import', () => {
  it('a zip with a CHECKSUM beside it is read (and hashed) once by the preview and once by the start', async () => {
    const csv = ['timestamp,open,high,low,close,volume']
      .concat(Array.from({ length: 5 }, (_, i) => `2024-01-02T0${i}:00:00Z,1,2,0.5,1.5,10`))
      .join('\n');
    const bytes = zipSync({ 'TEST_ZIPONE_1h.csv': new TextEncoder().encode(`${csv}\n`) });
    const zip = path.join(dir(), 'TEST_ZIPONE_1h.zip');
    writeFileSync(zip, bytes);
    const sha = createHash('sha256').update(bytes).digest('hex');
    writeFileSync(`${zip}.CHECKSUM`, `${sha}  TEST_ZIPONE_1h.zip\n`);

    const shown = await readsOf(() =>
      call<CommandOutput<'previewImport'>>('previewImport', {
        files: [{ path: zip, overrides: { venue: 'TEST', symbol: 'ZIPONE', timeframe: '1h' } }],
      }),
    );
    const card = shown.value.files[0] as ImportFilePreview;
    expect(card.ok, card.error ?? '').toBe(true);
    expect(shown.reads.get(zip)).toBe(1);

    const run = await readsOf(async () => {
      const { jobId } = await call<{ jobId: string }>('startImport', {
        files: [{ path: card.path, member: card.member, planId: card.planId }],
        mode: 'merge',
      });
      return finishedJob(call, jobId);
    });
    const job: JobView = run.value;
    expect(job.state, job.message ?? undefined).toBe('done');
    expect(job.message).toContain('5 bars written');
    expect(run.reads.get(zip)).toBe(1);
  });

  it('a tick file is hashed while it is read: one read; the next import finds it unchanged', async () => {
    const file = path.join(dir(), 'EURUSD_Ticks_02.01.2024-02.01.2024.csv');
    const text = `${[
      'Local time,Ask,Bid,AskVolume,BidVolume',
      '02.01.2024 00:00:00.123 GMT+0200,1.10012,1.10010,1.5,2.25',
      '02.01.2024 00:00:01.500 GMT+0200,1.10015,1.10011,0.75,1',
    ].join('\n')}\n`;
    writeFileSync(file, text);
    const catalog = await openCatalog(path.join(dir(), 'ticks-cat'), { create: true });
    try {
      const req = {
        paths: [file],
        options: { ticks: 'keep' as const },
        onError: 'reject' as const,
        mode: 'merge' as const,
        force: false,
      };
      const hashesBefore = hashStats.files;
      const first = await readsOf(() => runTickImport(catalog, req, { reader: inProcessReader() }));
      expect(first.value.files.map((f) => f.status)).toEqual(['imported']);
      expect(first.reads.get(file)).toBe(1);
      expect(hashStats.files - hashesBefore).toBe(0);
      // The hash taken while reading makes the next import of the same bytes a no-op, found by one hash.
      const again = await readsOf(() => runTickImport(catalog, req, { reader: inProcessReader() }));
      expect(again.value.files.map((f) => f.status)).toEqual(['unchanged']);
      expect(again.reads.get(file)).toBe(1);
    } finally {
      await catalog.close();
    }
  });
});
