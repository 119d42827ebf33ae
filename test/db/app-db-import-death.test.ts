import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { openCatalog } from '../../src-main/engines/catalog/index';
import type { JobView } from '../../src-shared/contract';
import type { DbImportPreview } from '../../src-shared/domain/job-kinds/db-import';
import { finishedJob, tempCore } from '../contract/temp-core';
import { filesUnder } from '../helpers/files-under';
import { barsOf, barsTable, catalogBars, minuteRows } from './helpers';

let catalogDir = '';
const call = tempCore('barcat-appdbdeath-', (dir) => {
  catalogDir = path.join(dir, 'catalog');
});

const BTC = minuteRows('BINANCE', 'BTCUSDT', '2024-03-01T00:00:00Z', 1500);
const ETH = minuteRows('BINANCE', 'ETHUSDT', '2024-03-01T00:00:00Z', 1500, 3000);

/** Previews and starts the import of `table` as the dialog does; resolves with the ended job. */
async function importJob(table: string): Promise<JobView> {
  const preview = await call<DbImportPreview>('previewDbImport', {
    url: inject('pgUrl'),
    table,
    seriesFrom: ['venue', 'symbol'],
    timeframe: '1m',
  });
  const { jobId } = await call<{ jobId: string }>('startDbImport', {
    planId: preview.planId,
    mode: 'skip',
    onError: 'skip',
  });
  return finishedJob(call, jobId);
}

/** Every file under the catalog's staging folder, relative to it. */
const stagedFiles = () => filesUnder(path.join(catalogDir, '.staging'));

describe("the migration's thread dying inside the app (import-db job)", () => {
  it("removes that migration's own staged files at once, counts them in the job's message, leaves another writer's staged file, keeps the committed bars; a re-run completes", async () => {
    await barsTable('death_minutes', [...BTC, ...ETH]);
    // Another writer's staged work in the same catalog (made on this thread, as the app's CSV import is).
    const other = await openCatalog(catalogDir, { create: false });
    const area = await other.stagingArea!();
    await other.close();
    const otherFile = path.join(area.dir, '2024-03.parquet');
    writeFileSync(otherFile, 'staged by another job');
    // Folders whose names come close to the dead thread's, whichever id it gets: a thread whose id
    // starts with it (t1 vs t12), and the same pid and thread of another host, or of another
    // process (token) with our pid: another container sharing the catalog. None is the dead one's.
    const [, host, token] = path.basename(area.dir).split('.');
    const lookalikes: string[] = [];
    for (let t = 1; t <= 256; t++)
      lookalikes.push(
        `${process.pid}-t${t}0.${host}.${token}.x`,
        `${process.pid}-t${t}.other-host.${token}.x`,
        `${process.pid}-t${t}.${host}.othertoken.x`,
      );
    for (const name of lookalikes) mkdirSync(path.join(catalogDir, '.staging', name));

    // One commit of both series: BTCUSDT's goes in, the thread ends as ETHUSDT's write starts.
    process.env.BARCAT_THREAD_EXIT_AT = 'write-start#2';
    let job: JobView;
    try {
      job = await importJob('death_minutes');
    } finally {
      delete process.env.BARCAT_THREAD_EXIT_AT;
    }
    expect(job.state).toBe('failed');
    expect(job.message?.replace(/^postgres:\/\/\S+ /, '')).toBe(
      "table death_minutes: the database migration's worker thread died (worker exited with code 1); the catalog holds what its earlier commits wrote (a commit it was making was finished or undone), and the watermark at or before their last row (a re-run reads again the rows after it, whose bars the catalog may already hold); the 1 staged file it had not committed was removed from the catalog's staging folder. Run the import again: it resumes after the watermark",
    );
    // Only the other writer's file is left, as it was.
    expect(stagedFiles()).toEqual([path.relative(path.join(catalogDir, '.staging'), otherFile)]);
    expect(readFileSync(otherFile, 'utf8')).toBe('staged by another job');
    // The audit log names what was removed: ETHUSDT's staged partition, in the dead thread's folder.
    const ops = readFileSync(path.join(catalogDir, 'audit', 'series-operations.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { op: string; by?: string; deleted?: string[] });
    const sweep = ops.find((o) => o.op === 'sweep' && o.by === 'recovery');
    expect(sweep?.deleted).toHaveLength(1);
    const deadFolder = new RegExp(
      `^\\.staging/${process.pid}-t(\\d+)\\.${host}\\.${token}\\.\\w+/[^/]+\\.parquet$`,
    );
    const deadId = Number(deadFolder.exec(sweep?.deleted?.[0] ?? '')?.[1]);
    expect(deadId).toBeGreaterThan(0);
    expect(deadId).toBeLessThanOrEqual(256);
    expect(sweep?.deleted?.[0]?.split('/')[1]).not.toBe(path.basename(area.dir));
    // Every lookalike is still there.
    expect(lookalikes.filter((n) => !existsSync(path.join(catalogDir, '.staging', n)))).toEqual([]);
    // Exactly the committed bars.
    expect(await catalogBars(catalogDir, 'BINANCE:BTCUSDT:1m')).toEqual(barsOf(BTC));
    expect(await catalogBars(catalogDir, 'BINANCE:ETHUSDT:1m')).toEqual([]);

    const again = await importJob('death_minutes');
    expect(again.state).toBe('done');
    expect(again.message).toBe(
      '3000 rows read into 2 series: added 1500, replaced 0, removed 0, skipped 1500 (existing won); 0 rows left out; parity OK',
    );
    expect(await catalogBars(catalogDir, 'BINANCE:BTCUSDT:1m')).toEqual(barsOf(BTC));
    expect(await catalogBars(catalogDir, 'BINANCE:ETHUSDT:1m')).toEqual(barsOf(ETH));
    expect(stagedFiles()).toEqual([path.relative(path.join(catalogDir, '.staging'), otherFile)]);
  });
});
