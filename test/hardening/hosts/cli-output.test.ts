import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import { CLI, fileTempDir, minuteBars, T0 } from '../../main/catalog/helpers';

// Hardening item 13: the bundled CLI's output going to a pipe that closes early ends quietly with
// exit 0; output to a full disk (/dev/full) is a plain error, exit 2, never a stream error stack.

const tmp = fileTempDir('barcat-hard-out-');
const cat = tmp.catalogDir;
const ROWS = 30_000; // about 2 MB of CSV: far more than a pipe's buffer

beforeAll(async () => {
  const catalog = await openCatalog(cat, { create: true });
  await catalog.write(
    { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' },
    batchFromBars(minuteBars(T0, ROWS)),
    'merge',
  );
  await catalog.close();
});

function shell(script: string) {
  return spawnSync('bash', ['-c', script], { encoding: 'utf8', cwd: tmp.dir });
}

describe('barcat output to a closed pipe or a full disk', () => {
  it('query | head -1 prints the header and ends quietly with exit 0', () => {
    const r = shell(
      `set -o pipefail; node ${CLI} query BINANCE:BTCUSDT:1m --catalog ${cat} | head -1; echo "exit \${PIPESTATUS[0]}" >&2`,
    );
    expect(r.stdout).toBe('ts,open,high,low,close,volume\n');
    expect(r.stderr).toBe('exit 0\n');
  });

  it('query --format json | head -c 10 ends quietly too', () => {
    const r = shell(
      `node ${CLI} query BINANCE:BTCUSDT:1m --format json --catalog ${cat} | head -c 10; echo "exit \${PIPESTATUS[0]}" >&2`,
    );
    expect(r.stdout).toBe('[{"ts":"20');
    expect(r.stderr).toBe('exit 0\n');
  });

  for (const args of [['query', 'BINANCE:BTCUSDT:1m'], ['list']]) {
    it(`${args[0]} > /dev/full says the disk is full, exit 2`, () => {
      const full = openSync('/dev/full', 'w');
      try {
        const r = spawnSync('node', [CLI, ...args, '--catalog', cat], {
          stdio: ['ignore', full, 'pipe'],
          encoding: 'utf8',
        });
        expect(r.stderr).toBe(
          'barcat: cannot write the output: no space left on the disk holding the standard output (ENOSPC); free some space and run it again\n',
        );
        expect(r.status).toBe(2);
      } finally {
        closeSync(full);
      }
    });
  }

  it('query --out into a missing folder says so plainly, exit 2, and creates nothing', () => {
    const out = path.join(tmp.dir, 'no-such-folder', 'bars.csv');
    const r = spawnSync('node', [CLI, 'query', 'BINANCE:BTCUSDT:1m', '--out', out, '--catalog', cat], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe(
      `barcat: ${out} does not exist (ENOENT); check the path, or whether the folder was removed meanwhile\n`,
    );
    expect(r.status).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});
