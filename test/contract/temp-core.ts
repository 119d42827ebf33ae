import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type Core, type CoreOptions, createCore } from '../../src-main/app/create-core';
import { batchFromBars } from '../../src-main/engines/catalog/index';
import type { CommandName, CommandOutput, JobView } from '../../src-shared/contract';
import { parseSeriesId } from '../../src-shared/domain/series';
import { jobEnded } from '../helpers/job-end';
import { minuteBars, T0 } from '../main/catalog/helpers';

/**
 * A core on a fresh catalog in a temp folder for each test (closed and removed after it), or one for
 * the whole file with `perFile`; `use` receives the folder and the core (its data folder that folder
 * unless `opts` names another, or null). Returns `call`, which dispatches and unwraps the Result.
 */
export function tempCore(
  prefix: string,
  use: (dir: string, core: Core) => void,
  opts: Pick<CoreOptions, 'now' | 'serveMetrics' | 'uploadDir' | 'exportDir' | 'create'> &
    Partial<Pick<CoreOptions, 'dataDir'>> & {
      /** Fills the catalog folder before the core opens it. */
      seed?: (catalogDir: string) => Promise<void>;
      /** One core for all the tests of the file or block, not one each. */
      perFile?: boolean;
    } = {},
): <T>(name: string, input?: unknown) => Promise<T> {
  const { seed, perFile, ...coreOpts } = opts;
  const [before, after] = perFile ? [beforeAll, afterAll] : [beforeEach, afterEach];
  let current: { dir: string; core: Core } | undefined;
  before(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    await seed?.(path.join(dir, 'catalog'));
    current = {
      dir,
      core: await createCore({ catalogDir: path.join(dir, 'catalog'), dataDir: dir, ...coreOpts }),
    };
    use(current.dir, current.core);
  });
  after(async () => {
    await current?.core.close();
    if (current) rmSync(current.dir, { recursive: true, force: true });
  });
  return async <T>(name: string, input: unknown = {}): Promise<T> =>
    (await dispatchOk(current!.core, name, input)) as T;
}

/** tempCore read through getters (inside hooks and tests) instead of a `use` callback. */
export function tempCoreOf(prefix: string, opts: Parameters<typeof tempCore>[2] = {}) {
  let current: { dir: string; core: Core } | undefined;
  const call = tempCore(prefix, (dir, core) => (current = { dir, core }), opts);
  return { call, dir: () => current!.dir, core: () => current!.core };
}

/** Runs `use` on a new core of the catalog in `catalogDir` (what the app sees after a CLI change there), closed after. */
export async function onCoreOf<T>(catalogDir: string, use: (core: Core) => Promise<T>): Promise<T> {
  const core = await createCore({ catalogDir, dataDir: null });
  try {
    return await use(core);
  } finally {
    await core.close();
  }
}

/** Dispatches on `core` and unwraps the Result; a refusal throws, named by the command. */
async function dispatchOk(core: Core, name: string, input: unknown): Promise<unknown> {
  const r = await core.dispatch(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value;
}

/** dispatchOk typed by the contract: the command's output. */
export async function callCore<K extends CommandName>(
  core: Core,
  name: K,
  input: unknown = {},
): Promise<CommandOutput<K>> {
  return (await dispatchOk(core, name, input)) as CommandOutput<K>;
}

/** Polls listJobs until the job has ended; returns it as listed. */
export async function finishedJob(
  call: <T>(name: string, input?: unknown) => Promise<T>,
  jobId: string,
): Promise<JobView> {
  return jobEnded(() => call<JobView[]>('listJobs'), jobId);
}

/** Writes `n` minute bars from T0 into series `id` of the core's catalog (merge). */
export async function seedMinutes(core: Core, id: string, n: number): Promise<void> {
  await core.catalog().write(parseSeriesId(id), batchFromBars(minuteBars(T0, n)), 'merge');
}
