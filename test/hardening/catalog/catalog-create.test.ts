import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/app/create-core';
import { runCli } from '../../../src-main/hosts/cli/main';
import { cli } from '../../main/catalog/cli-io';
import { tempDirEach } from '../../main/catalog/helpers';

// Hardening item 14: a command that reads never creates a catalog (a mistyped --catalog used to
// become a new empty catalog); write, import and backfill create one only with --create, or at the
// default location (the user data folder) on first use.

const CSV = 'ts,open,high,low,close,volume\n2024-01-31T23:00:00Z,1,2,0.5,1.5,10\n';
const dir = tempDirEach('barcat-hard-create-');

describe('no catalog is created by accident', () => {
  it('list, gaps, query, verify, rebuild and jobs on a mistyped path exit 2 and create nothing', async () => {
    const typo = path.join(dir(), 'catlog');
    for (const args of [
      ['list'],
      ['gaps', 'BINANCE:BTCUSDT:1m'],
      ['query', 'BINANCE:BTCUSDT:1m'],
      ['verify'],
      ['rebuild'],
      ['jobs'],
    ]) {
      const r = await cli([...args, '--catalog', typo]);
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({
        args,
        code: 2,
        stderr: `barcat: no catalog at ${typo}: check --catalog or BARCAT_CATALOG (write, import and backfill make one with --create)\n`,
      });
    }
    expect(existsSync(typo)).toBe(false);
  });

  it('an empty folder is no catalog for a reader either', async () => {
    const empty = path.join(dir(), 'empty');
    mkdirSync(empty);
    const r = await cli(['list', '--catalog', empty]);
    expect(r.code).toBe(2);
    expect(readdirSync(empty)).toEqual([]);
  });

  it('write and import into a folder without a catalog ask for --create; with it they make one', async () => {
    const cat = path.join(dir(), 'new');
    const w = await cli(['write', 'BINANCE:BTCUSDT:1m', '--mode', 'merge', '-', '--catalog', cat], {
      stdin: CSV,
    });
    expect(w).toMatchObject({
      code: 2,
      stderr: `barcat: no catalog at ${cat}: run with --create to make one\n`,
    });
    const csvFile = path.join(dir(), 'in.csv');
    writeFileSync(csvFile, CSV);
    const i = await cli(['import', csvFile, '--series', 'BINANCE:BTCUSDT:1m', '--catalog', cat]);
    expect(i).toMatchObject({
      code: 2,
      stderr: `barcat: no catalog at ${cat}: run with --create to make one\n`,
    });
    const b = await cli(['backfill', 'BINANCE:BTCUSDT:1m', '--provider', 'binance-spot', '--catalog', cat]);
    expect(b).toMatchObject({
      code: 2,
      stderr: `barcat: no catalog at ${cat}: run with --create to make one\n`,
    });
    expect(existsSync(cat)).toBe(false);
    const created = await cli(
      ['write', 'BINANCE:BTCUSDT:1m', '--mode', 'merge', '-', '--create', '--catalog', cat],
      {
        stdin: CSV,
      },
    );
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect((await cli(['list', '--catalog', cat])).stdout).toContain('BINANCE:BTCUSDT:1m');
  });

  it('the default catalog (no --catalog, no BARCAT_CATALOG) is made on first write', async () => {
    const err: Buffer[] = [];
    const stderr = new PassThrough();
    stderr.on('data', (d: Buffer) => err.push(d));
    const env = { XDG_DATA_HOME: dir(), HOME: dir() };
    const io = { stdout: new PassThrough(), stderr, env, cwd: dir() };
    const code = await runCli(['write', 'BINANCE:BTCUSDT:1m', '--mode', 'merge', '-'], {
      ...io,
      stdin: Readable.from([Buffer.from(CSV)]),
    });
    expect(Buffer.concat(err).toString()).toBe('');
    expect(code).toBe(0);
    // Linux's user data folder: $XDG_DATA_HOME/barcat/catalog (CI and this suite run on Linux).
    expect(existsSync(path.join(dir(), 'barcat', 'catalog', 'catalog.json'))).toBe(true);
  });

  it("the app's Open catalog refuses a folder without a catalog; New catalog makes one", async () => {
    const core = await createCore({ catalogDir: path.join(dir(), 'first'), dataDir: null });
    try {
      const empty = path.join(dir(), 'empty');
      mkdirSync(empty);
      expect(await core.dispatch('openCatalog', { dir: empty })).toEqual({
        ok: false,
        error: {
          code: 'BAD_INPUT',
          message: `${empty} is not a Barcat catalog (it has no catalog.json); check the path, or use New catalog to create one there`,
          details: { reason: 'not-a-catalog', dir: empty },
        },
      });
      expect(readdirSync(empty)).toEqual([]);
      expect(await core.dispatch('createCatalog', { dir: empty })).toMatchObject({
        ok: true,
        value: { dir: empty },
      });
      expect(existsSync(path.join(empty, 'catalog.json'))).toBe(true);
    } finally {
      await core.close();
    }
  });
});
