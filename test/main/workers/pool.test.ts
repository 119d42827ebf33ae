import { spawnSync } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WorkerPool, workerExecArgv } from '../../../src-main/plumbing/workers/pool';
import { fileTempDir, repoRoot } from '../catalog/helpers';
import type { Req } from './fixture.worker';

// The fixture entry is bundled like scripts/build-node.mjs bundles src-main/hosts/workers/*.worker.ts.
const tmp = fileTempDir('barcat-pool-');
const workerJs = path.join(tmp.dir, 'fixture.js');

beforeAll(async () => {
  const esbuild = await import('esbuild');
  await esbuild.build({
    absWorkingDir: repoRoot,
    entryPoints: ['test/main/workers/fixture.worker.ts'],
    outfile: workerJs,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'error',
  });
});

describe('WorkerPool', () => {
  it('answers many concurrent calls each with its own result (sequence ids)', async () => {
    const pool = new WorkerPool<Req, unknown, number>(workerJs, 2);
    const values = Array.from({ length: 50 }, (_, i) => `v${i}`);
    const out = await Promise.all(values.map((value) => pool.call({ op: 'echo', value })));
    expect(out).toEqual(values);
    await pool.close();
  });

  it('leaves no abort listener behind on a long-lived signal', async () => {
    const pool = new WorkerPool<Req, unknown, number>(workerJs, 2);
    const ac = new AbortController();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => pool.call({ op: 'echo', value: `${i}` }, { signal: ac.signal })),
    );
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    await pool.close();
  });

  it('transfers typed arrays both ways and relays progress', async () => {
    const pool = new WorkerPool<Req, unknown, number>(workerJs, 1);
    const data = new Float64Array(5000).fill(2);
    const progress: number[] = [];
    const out = (await pool.call(
      { op: 'sum', data },
      { transfer: [data.buffer], onProgress: (p) => progress.push(p) },
    )) as Float64Array;
    expect(Array.from(out)).toEqual([10000]);
    expect(data.length).toBe(0); // moved, not copied
    expect(progress).toEqual([0, 1000, 2000, 3000, 4000]);
    await pool.close();
  });

  it('rejects every pending call when a worker dies, and keeps serving with a new worker', async () => {
    const pool = new WorkerPool<Req, unknown, number>(workerJs, 1);
    const slow = pool.call({ op: 'slow', ms: 5000 });
    const die = pool.call({ op: 'die' });
    await expect(die).rejects.toThrow(/worker thread died.*code 7/);
    await expect(slow).rejects.toThrow(/worker thread died/);
    expect(pool.pendingCalls).toBe(0);
    await expect(pool.call({ op: 'echo', value: 'again' })).resolves.toBe('again');
    await pool.close();
  });

  it("names the pool in a dead worker's error when it has a name (how a relayed death is told apart)", async () => {
    const named = new WorkerPool<Req, unknown, number>(workerJs, 1, { name: 'encode' });
    named.start();
    const thread = named.threadIds[0];
    await expect(named.call({ op: 'die' })).rejects.toMatchObject({
      details: { reason: 'worker_died', threadId: thread, pool: 'encode' },
    });
    await named.close();
    const plain = new WorkerPool<Req, unknown, number>(workerJs, 1);
    const err = (await plain.call({ op: 'die' }).catch((e: unknown) => e)) as { details: object };
    expect(Object.keys(err.details).sort()).toEqual(['reason', 'threadId']);
    await plain.close();
  });

  it('turns a thrown error into a rejected call and cancels through an AbortSignal', async () => {
    const pool = new WorkerPool<Req, unknown, number>(workerJs, 1);
    await expect(pool.call({ op: 'fail' })).rejects.toThrow('internal error: boom');
    const ac = new AbortController();
    const slow = pool.call({ op: 'slow', ms: 10_000 }, { signal: ac.signal });
    ac.abort();
    await expect(slow).rejects.toMatchObject({ name: 'AbortError' });
    await pool.close();
    await expect(pool.call({ op: 'echo', value: 'x' })).rejects.toThrow(/closed/);
  });
});

describe('worker threads and the process flags', () => {
  it('drops module loaders (a dev run under tsx) and keeps every other Node flag; inherits all without one', () => {
    expect(
      workerExecArgv([
        '--require',
        '/x/tsx/preflight.cjs',
        '--import',
        'file:///x/tsx/loader.mjs',
        '--max-old-space-size=4096',
        '--loader=ts-node/esm',
        '-r',
        'dotenv/config',
        '--enable-source-maps',
      ]),
    ).toEqual(['--max-old-space-size=4096', '--enable-source-maps']);
    expect(workerExecArgv(['--max-old-space-size=4096', '--enable-source-maps'])).toBeUndefined();
  });

  it('start under flags a worker refuses when given them (--max-old-space-size), with and without a loader', () => {
    const csv = path.join(tmp.dir, 'flags.csv');
    writeFileSync(csv, 'timestamp,open,high,low,close,volume\n2024-01-02T00:00:00Z,1,2,0.5,1.5,10\n');
    // `barcat import` parses in worker threads.
    const cli = spawnSync(
      process.execPath,
      [
        '--max-old-space-size=512',
        path.join(repoRoot, 'out/node/barcat.js'),
        'import',
        csv,
        '--series',
        'T:FLAGS:1m',
        '--create',
        '--catalog',
        path.join(tmp.dir, 'flags-cat'),
      ],
      { encoding: 'utf8' },
    );
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain('1 rows written');
    // A dev run: the TypeScript loader and the same flag.
    const script = path.join(tmp.dir, 'pool-under-flags.mts');
    writeFileSync(
      script,
      `import { WorkerPool } from ${JSON.stringify(path.join(repoRoot, 'src-main/plumbing/workers/pool.ts'))};
const pool = new WorkerPool(${JSON.stringify(workerJs)}, 1);
console.log(await pool.call({ op: 'echo', value: 'ok' }));
await pool.close();
`,
    );
    const dev = spawnSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=512', script], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(dev.stderr).toBe('');
    expect(dev.stdout).toBe('ok\n');
  });
});
