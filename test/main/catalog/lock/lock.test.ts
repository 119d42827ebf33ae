import { type ChildProcess, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog, tableToBars } from '../../../../src-main/engines/catalog/index';
import { MINUTE } from '../../../../src-shared/domain/timeframe';
import { barsCsv, CLI, minuteBars, pausedWriter, T0, tempDirEach } from '../helpers';

const KEY = { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' } as const;

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('single writer lock', () => {
  const tmp = tempDirEach('barcat-lock-');
  let dir: string;
  let csv: string;
  beforeEach(async () => {
    dir = path.join(tmp(), 'cat');
    csv = path.join(tmp(), 'in.csv');
    writeFileSync(csv, barsCsv(minuteBars(T0 + 10 * MINUTE, 10, 500)));
    const cat = await openCatalog(dir);
    await cat.write(KEY, batchFromBars(minuteBars(T0, 5)), 'merge');
    await cat.close();
  });

  it('a second process fails with "being written by pid N since T" while readers do not wait', async () => {
    const writer = await pausedWriter(dir, csv, 5000);
    const lock = JSON.parse(readFileSync(path.join(dir, '.lock'), 'utf8'));
    expect(lock).toMatchObject({ pid: writer.pid });
    const second = spawnSync(
      'node',
      [CLI, 'write', 'BINANCE:ETHUSDT:1m', '--mode', 'merge', csv, '--catalog', dir],
      {
        env: { ...process.env, BARCAT_LOCK_WAIT_MS: '200' },
      },
    );
    expect(second.status).toBe(2);
    expect(second.stderr.toString()).toBe(
      `barcat: catalog is being written by pid ${writer.pid} since ${new Date(lock.startedAt).toISOString()}; try again when that write finishes\n`,
    );
    // A reader in this process is not blocked and sees the committed (old) state.
    const cat = await openCatalog(dir);
    expect(tableToBars(await cat.query(KEY, undefined))).toEqual(minuteBars(T0, 5));
    writer.kill('SIGKILL');
    await exitOf(writer);
    await cat.close();
  });

  it('recovers the lock of a writer that died and cleans its leftovers', async () => {
    const writer = await pausedWriter(dir, csv, 10_000);
    writer.kill('SIGKILL');
    await exitOf(writer);
    expect(existsSync(path.join(dir, '.lock'))).toBe(true);
    const r = spawnSync('node', [
      CLI,
      'write',
      'BINANCE:BTCUSDT:1m',
      '--mode',
      'merge',
      csv,
      '--catalog',
      dir,
    ]);
    expect(r.stderr.toString()).toBe('');
    expect(r.status).toBe(0);
    const cat = await openCatalog(dir);
    expect(tableToBars(await cat.query(KEY, undefined))).toEqual([
      ...minuteBars(T0, 5),
      ...minuteBars(T0 + 10 * MINUTE, 10, 500),
    ]);
    expect(existsSync(path.join(dir, '.lock'))).toBe(false);
    await cat.close();
  });

  it('a writer killed while taking the lock leaves no lock behind: the next writer goes at once and removes its temp', async () => {
    const write = (env: Record<string, string>) =>
      spawnSync('node', [CLI, 'write', 'BINANCE:BTCUSDT:1m', '--mode', 'merge', csv, '--catalog', dir], {
        env: { ...process.env, BARCAT_LOCK_WAIT_MS: '0', ...env },
      });
    const host = os.hostname().replace(/[^A-Za-z0-9-]/g, '_');
    // Another machine sharing the catalog: its temp is not this host's to judge by pid, so it stays.
    const foreign = '.lock.other-host.999999.4b0c2f5e-0000-4000-8000-000000000000.tmp';
    writeFileSync(path.join(dir, foreign), '{}');
    const killed = write({ BARCAT_CRASH_AT: 'lock-temp-written' });
    expect(killed.signal).toBe('SIGKILL');
    const mine = new RegExp(`^\\.lock\\.${host}\\.${killed.pid}\\.[0-9a-f-]{36}\\.tmp$`);
    const temps = readdirSync(dir).filter((n) => n.startsWith('.lock'));
    expect(temps).toHaveLength(2);
    expect(temps).toEqual(expect.arrayContaining([foreign, expect.stringMatching(mine)]));
    const r = write({});
    expect(r.stderr.toString()).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(dir).filter((n) => n.startsWith('.lock'))).toEqual([foreign]);
  });

  it('a waiting writer proceeds once the holder finishes within the wait', async () => {
    const writer = await pausedWriter(dir, csv, 300);
    const second = spawnSync(
      'node',
      [CLI, 'write', 'BINANCE:ETHUSDT:1m', '--mode', 'merge', csv, '--catalog', dir],
      {
        env: { ...process.env, BARCAT_LOCK_WAIT_MS: '20000' },
      },
    );
    expect(second.stderr.toString()).toBe('');
    expect(second.status).toBe(0);
    expect(await exitOf(writer)).toBe(0);
  });

  it('serializes concurrent writes of several Catalog instances in one process', async () => {
    const cats = await Promise.all([openCatalog(dir), openCatalog(dir), openCatalog(dir)]);
    const results = await Promise.all(
      cats.map((c, i) =>
        c.write(KEY, batchFromBars(minuteBars(T0 + (100 + i * 10) * MINUTE, 10, i)), 'merge'),
      ),
    );
    expect(results.map((r) => r.added)).toEqual([10, 10, 10]);
    const bars = tableToBars(await cats[0]!.query(KEY, undefined));
    expect(bars.length).toBe(35);
    await Promise.all(cats.map((c) => c.close()));
  });

  it('an in-process writer waits a bounded time, then fails with LOCKED', async () => {
    const writer = await pausedWriter(dir, csv, 5000);
    const cat = await openCatalog(dir, { lockWaitMs: 100 });
    await expect(cat.write(KEY, batchFromBars(minuteBars(T0, 1)), 'merge')).rejects.toMatchObject({
      code: 'LOCKED',
      message: expect.stringMatching(new RegExp(`^catalog is being written by pid ${writer.pid} since `)),
    });
    writer.kill('SIGKILL');
    await exitOf(writer);
    await cat.close();
  });
});
