import { mkdirSync, readdirSync, realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogState } from '../../../src-main/app/core/catalog-state';
import { EventBus } from '../../../src-main/app/core/events';
import { JobRegistry } from '../../../src-main/app/core/jobs';
import { type Core, createCore } from '../../../src-main/app/create-core';
import { tempDirEach } from '../../main/catalog/helpers';
import { catalogWith } from '../fixture';
import { barcat } from '../import-cli';

// Job and catalog-state errors reach people as plain errors with their code, never "internal error";
// a catalog switch whose jobs cannot be loaded leaves the old catalog open, nothing half switched.

const tmp = tempDirEach('barcat-hard-jobs-');

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('job errors', () => {
  it('barcat jobs retry with an id that is not one: a usage error, exit 2', async () => {
    const cat = await catalogWith(tmp());
    const r = await barcat(['jobs', 'retry', 'a.b', '--catalog', cat], tmp());
    expect(r.stderr).toBe(
      'barcat: "a.b" is not a job id (letters, digits, - and _ only); "barcat jobs" lists them\n',
    );
    expect(r.code).toBe(2);
  });

  it('starting a job or using the catalog before one is open: NOT_FOUND, saying so', () => {
    const noCatalog = { code: 'NOT_FOUND', message: 'no catalog is open; open or create one first' };
    expect(
      thrown(() => new JobRegistry(null, new EventBus()).start('import', 'Import a.csv', 'rows')),
    ).toMatchObject(noCatalog);
    const state = new CatalogState(async () => Promise.reject(new Error('unused')), new EventBus());
    expect(thrown(() => state.get())).toMatchObject(noCatalog);
  });
});

describe('job ids', () => {
  it('carry the process id, so two processes starting jobs in the same ms never share one', () => {
    const cat = path.join(tmp(), 'cat');
    mkdirSync(cat);
    const jobs = new JobRegistry(null, new EventBus(), () => 1_000);
    jobs.open(cat);
    const job = jobs.start('import', 'Import a.csv', 'rows');
    expect(job.id).toBe(`import-rs-${process.pid.toString(36)}-1`);
    expect(readdirSync(path.join(cat, 'jobs'))).toEqual([`${job.id}.json`]);
  });
});

describe('a catalog switch whose jobs cannot be loaded', () => {
  let core: Core;
  afterEach(() => core.close());

  it('fails as a whole: the old catalog stays open, with its jobs, and no catalogChanged is sent', async () => {
    const a = path.join(tmp(), 'a');
    core = await createCore({ catalogDir: a, dataDir: null });
    await core.handlers.loadSampleData({});
    const jobsOfA = await core.handlers.listJobs({});
    const b = await catalogWith(path.join(tmp(), 'b-parent'));
    const outside = path.join(tmp(), 'outside');
    mkdirSync(outside);
    symlinkSync(outside, path.join(b, 'jobs'));
    const events: string[] = [];
    core.events.subscribe((name) => events.push(name));

    const r = await core.dispatch('openCatalog', { dir: b });
    expect(r.ok ? r : { code: r.error.code, message: r.error.message }).toMatchObject({
      code: 'CORRUPT',
      message: expect.stringContaining(
        `${path.join(b, 'jobs')} resolves to ${realpathSync(outside)}, outside the catalog`,
      ),
    });
    expect(events).toEqual([]);
    expect(await core.handlers.catalogInfo({})).toMatchObject({ dir: a, empty: false });
    expect(await core.handlers.listJobs({})).toEqual(jobsOfA);
  });
});
