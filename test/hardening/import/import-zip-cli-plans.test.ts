import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../../src-shared/domain/timeframe';
import { tempDirEach } from '../../main/catalog/helpers';
import { barcat } from '../import-cli';

// Issue 11: `barcat import ARCHIVE` plans each CSV member on its own, as the app's cards do:
// --dry-run prints one plan per member, the import runs each member's plan and reports per member.

const T0 = Date.UTC(2024, 0, 1);
const csv = (bars: [number, number][]) =>
  `timestamp,open,high,low,close,volume\n${bars.map(([t, c]) => `${new Date(t).toISOString()},1,5,0.5,${c},10`).join('\n')}\n`;
const rows = (from: number, step: number, closes: number[]) =>
  csv(closes.map((c, i) => [from + i * step, c]));
// Hours 0, 2 and 3: hour 1 is absent from the member.
const btc = csv([
  [T0, 1.5],
  [T0 + 2 * HOUR, 1.7],
  [T0 + 3 * HOUR, 1.8],
]);

const tmp = tempDirEach('barcat-zipplans-');
let zip: string;
let cat: string[];

beforeEach(() => {
  cat = ['--catalog', path.join(tmp(), 'cat')];
  zip = path.join(tmp(), 'klines.zip');
  writeFileSync(
    zip,
    zipSync({
      'BTCUSDT-1h-2024-01.csv': Buffer.from(btc),
      'ETHUSDT-5m-2024-01.csv': Buffer.from(rows(T0, 5 * MINUTE, [1.1, 1.2, 1.3, 1.4])),
    }),
  );
});

describe('barcat import of a zip of two series', () => {
  it('--dry-run prints one plan per member, each with its own series', async () => {
    const dry = await barcat(['import', zip, '--venue', 'BINANCE', '--dry-run', ...cat], tmp());
    expect(dry.code).toBe(0);
    const blocks = dry.stdout.split(/\n(?=\S)/);
    expect(blocks.map((b) => b.split('\n')[0])).toEqual([
      `${zip} › BTCUSDT-1h-2024-01.csv (${btc.length} bytes)`,
      `${zip} › ETHUSDT-5m-2024-01.csv (${rows(T0, 5 * MINUTE, [1.1, 1.2, 1.3, 1.4]).length} bytes)`,
    ]);
    expect(blocks[0]).toContain('  series    BINANCE (user) : BTCUSDT (file-name) : 1h (file-name)');
    expect(blocks[1]).toContain('  series    BINANCE (user) : ETHUSDT (file-name) : 5m (file-name)');
    expect(dry.stdout).not.toContain('previewing the first');
  });

  it('imports each member to its own series and reports added, replaced and removed per member', async () => {
    // BTCUSDT already holds hours 0 to 3 with other closes: the member's overwrite replaces three
    // and removes hour 1, which it does not hold.
    const old = path.join(tmp(), 'BTCUSDT-1h-old.csv');
    writeFileSync(old, rows(T0, HOUR, [2.5, 2.6, 2.7, 2.8]));
    const seed = await barcat(['import', old, '--series', 'BINANCE:BTCUSDT:1h', '--create', ...cat], tmp());
    expect(seed.code).toBe(0);
    const run = await barcat(['import', zip, '--venue', 'BINANCE', '--mode', 'overwrite', ...cat], tmp());
    expect(run.code).toBe(0);
    // Each member is named by its archive: `klines.zip › MEMBER`, then its figures.
    const line = (name: string) =>
      run.stdout
        .split('\n')
        .find((l) => l.startsWith(`klines.zip › ${name} `))
        ?.slice(`klines.zip › `.length)
        .split(/\s+/);
    // file status series read written added replaced removed skipped invalid
    expect(line('BTCUSDT-1h-2024-01.csv')?.slice(0, 10)).toEqual([
      'BTCUSDT-1h-2024-01.csv',
      'imported',
      'BINANCE:BTCUSDT:1h',
      '3',
      '3',
      '0',
      '3',
      '1',
      '0',
      '0',
    ]);
    expect(line('ETHUSDT-5m-2024-01.csv')?.slice(0, 10)).toEqual([
      'ETHUSDT-5m-2024-01.csv',
      'imported',
      'BINANCE:ETHUSDT:5m',
      '4',
      '4',
      '4',
      '0',
      '0',
      '0',
      '0',
    ]);
    expect(run.stdout).toContain('7 rows written (4 added, 3 replaced, 1 removed)');
    const list = await barcat(['list', '--json', ...cat], tmp());
    expect(JSON.parse(list.stdout).map((s: { id: string; rows: number }) => [s.id, s.rows])).toEqual([
      ['BINANCE:BTCUSDT:1h', 3],
      ['BINANCE:ETHUSDT:5m', 4],
    ]);
  });
});
