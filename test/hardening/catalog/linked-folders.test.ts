import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../src-main/app/core/events';
import { JobRegistry } from '../../../src-main/app/core/jobs';
import { loadSymbols } from '../../../src-main/engines/backfill/symbols/cache';
import { BarcatError } from '../../../src-main/plumbing/errors';
import { jobView } from '../../helpers/job-view';
import { barsCsv, minuteBars, tempDirEach } from '../../main/catalog/helpers';
import { catalogWith, MARCH, SERIES, snapshot } from '../fixture';
import { barcat } from '../import-cli';

// Barcat's own folders in a catalog (quality/, jobs/, cache/, audit/) replaced by a link to a folder
// outside it: nothing is read, written or deleted there, and the error names the linked path.

const tmp = tempDirEach('barcat-hard-linked-');
let cat: string;
let outside: string;
beforeEach(async () => {
  cat = await catalogWith(tmp());
  outside = path.join(tmp(), 'outside');
  mkdirSync(outside);
});

function link(name: string): string {
  const p = path.join(cat, name);
  symlinkSync(outside, p);
  return p;
}

/** A finished job file as any version writes it. */
function finishedJob(id: string, createdAt: number): string {
  const view = jobView({
    id,
    kind: 'import',
    title: `Import ${id}`,
    createdAt,
    finishedAt: createdAt,
    done: 1,
    total: 1,
    unit: 'rows',
    catalogDir: cat,
  });
  return JSON.stringify({ view, ownerPid: null });
}

describe('a catalog folder linked out of the catalog', () => {
  it('quality/: barcat quality writes nothing there and names the link, exit 1', async () => {
    const q = link('quality');
    const r = await barcat(['quality', SERIES, '--catalog', cat], tmp());
    expect(r.stderr).toContain(
      `barcat: ${path.join(q, 'BINANCE~BTCUSDT~1m.json')} resolves to ${path.join(realpathSync(outside), 'BINANCE~BTCUSDT~1m.json')}, outside the catalog`,
    );
    expect(r.code).toBe(1);
    expect(snapshot(outside)).toEqual({});
  });

  it('jobs/: opening the catalog prunes nothing there and names the link', () => {
    // 60 finished jobs: more than the 50 a catalog keeps, so a prune would delete 10 of them.
    for (let i = 0; i < 60; i++)
      writeFileSync(path.join(outside, `import-${i}.json`), finishedJob(`import-${i}`, i));
    const before = snapshot(outside);
    const jobsLink = link('jobs');
    const message = `${jobsLink} resolves to ${realpathSync(outside)}, outside the catalog`;
    expect(() => new JobRegistry(null, new EventBus()).open(cat)).toThrow(message);
    expect(snapshot(outside)).toEqual(before);
  });

  it('jobs/ linked after the catalog opened: a job refuses to start, naming the link', () => {
    const jobs = new JobRegistry(null, new EventBus());
    jobs.open(cat);
    const jobsLink = link('jobs');
    let err: unknown;
    try {
      jobs.start('import', 'Import a.csv', 'rows');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BarcatError);
    expect(err).toMatchObject({
      code: 'CORRUPT',
      message: expect.stringContaining(
        `${jobsLink} resolves to ${realpathSync(outside)}, outside the catalog`,
      ),
    });
    expect(snapshot(outside)).toEqual({});
  });

  it('jobs/: barcat jobs reads nothing there and names the link, exit 1', async () => {
    const jobsLink = link('jobs');
    const r = await barcat(['jobs', '--catalog', cat], tmp());
    expect(r.stderr).toContain(
      `barcat: ${jobsLink} resolves to ${realpathSync(outside)}, outside the catalog`,
    );
    expect(r.code).toBe(1);
  });

  it('cache/: the symbol cache is neither read nor written there', async () => {
    const cache = link('cache');
    const load = loadSymbols({
      catalogDir: cat,
      provider: 'binance-spot',
      baseUrl: 'http://127.0.0.1:9',
      refresh: false,
      now: Date.now(),
      getKey: async () => undefined,
    });
    await expect(load).rejects.toThrow(
      `${path.join(cache, 'symbols', 'binance-spot.json')} resolves to ${path.join(realpathSync(outside), 'symbols', 'binance-spot.json')}, outside the catalog`,
    );
    expect(snapshot(outside)).toEqual({});
  });

  it('audit/: barcat import writes no audit record there and names the link, exit 1', async () => {
    const audit = link('audit');
    const csv = path.join(tmp(), 'eth.csv');
    writeFileSync(csv, barsCsv(minuteBars(MARCH, 10)));
    const r = await barcat(['import', csv, '--series', 'BINANCE:ETHUSDT:1m', '--catalog', cat], tmp());
    expect(r.stderr).toContain(`barcat: ${audit} resolves to ${realpathSync(outside)}, outside the catalog`);
    expect(r.code).toBe(1);
    expect(snapshot(outside)).toEqual({});
  });
});
