import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect } from 'vitest';
import { type Core, createCore } from '../../../src-main/app/create-core';
import { CLI, tempDirAll } from '../../main/catalog/helpers';

/** The files' text in a catalog folder. */
export const readIn = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');

/** `barcat ARGS --catalog dir` as a child process (crash points set through `env`). */
export const barcatIn = (dir: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync('node', [CLI, ...args, '--catalog', dir], { env: { ...process.env, ...env } });

export interface SettingsCrashFixture {
  /** The temp folder; each crash case copies `base` into a folder of its own here. */
  work: string;
  /** The seeded catalog, never run on. */
  base: string;
  /** `files` as seeded, and after a clean run of the command on a copy. */
  before: Record<string, string>;
  after: Record<string, string>;
}

/**
 * Registers beforeAll/afterAll for a crash test of a command that moves settings files: seeds a
 * catalog through a real core and app commands, keeps `files` as they are, then runs the command
 * once cleanly on a copy and keeps them as they end up.
 */
export function settingsCrashFixture(opts: {
  prefix: string;
  files: readonly string[];
  seed: (core: Core) => Promise<void>;
  calls: readonly (readonly [string, unknown])[];
  run: (dir: string) => SpawnSyncReturns<Buffer>;
}): SettingsCrashFixture {
  const f: SettingsCrashFixture = { work: '', base: '', before: {}, after: {} };
  const work = tempDirAll(opts.prefix);
  beforeAll(async () => {
    f.work = work();
    f.base = path.join(f.work, 'base');
    const core = await createCore({ catalogDir: f.base, dataDir: null });
    await opts.seed(core);
    for (const [name, input] of opts.calls) {
      const r = await core.dispatch(name, input);
      if (!r.ok) throw new Error(r.error.message);
    }
    await core.close();
    for (const file of opts.files) f.before[file] = readIn(f.base, file);
    const clean = path.join(f.work, 'clean');
    cpSync(f.base, clean, { recursive: true });
    expect(opts.run(clean).status).toBe(0);
    for (const file of opts.files) f.after[file] = readIn(clean, file);
  });
  return f;
}
