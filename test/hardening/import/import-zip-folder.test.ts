import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../../src-shared/domain/timeframe';
import { HISTDATA_TICK_FILE, histdataTicks } from '../../helpers/ticks/histdata-ticks';
import { tempDirEach } from '../../main/catalog/helpers';
import { storedTicks } from '../../main/ticks/helpers';
import { barcat } from '../import-cli';

// Issue 11/16: a zip inside a folder given to `barcat import DIR` takes the same path as a zip given
// alone: each CSV member previewed and imported with its own plan (and series), for bars and ticks.

const T0 = Date.UTC(2024, 0, 1);
const csv = (from: number, step: number, closes: number[]) =>
  `timestamp,open,high,low,close,volume\n${closes.map((c, i) => `${new Date(from + i * step).toISOString()},1,5,0.5,${c},10`).join('\n')}\n`;
const BTC = csv(T0, HOUR, [1.5, 1.6, 1.7]);
const ETH = csv(T0, 5 * MINUTE, [1.1, 1.2, 1.3, 1.4]);
const SOL = csv(T0, 24 * HOUR, [2, 3]);

const tmp = tempDirEach('barcat-zipfolder-');
let cat: string[];
let folder: string;
beforeEach(() => {
  cat = ['--catalog', path.join(tmp(), 'cat')];
  folder = path.join(tmp(), 'drop');
  mkdirSync(path.join(folder, 'more'), { recursive: true });
});

describe('barcat import DIR holding zip archives', () => {
  beforeEach(() => {
    writeFileSync(
      path.join(folder, 'more', 'klines.zip'),
      zipSync({ 'BTCUSDT-1h-2024-01.csv': Buffer.from(BTC), 'ETHUSDT-5m-2024-01.csv': Buffer.from(ETH) }),
    );
    writeFileSync(path.join(folder, 'SOLUSDT-1d-2024-01.csv'), SOL);
  });

  it("--dry-run previews each member of the folder's zip on its own, with its own series", async () => {
    const dry = await barcat(['import', folder, '--venue', 'BINANCE', '--dry-run', ...cat], tmp());
    expect(dry.code).toBe(0);
    const zip = path.join(folder, 'more', 'klines.zip');
    const blocks = dry.stdout.split(/\n(?=\S)/);
    expect(blocks.map((b) => b.split('\n')[0])).toEqual([
      `${zip} › BTCUSDT-1h-2024-01.csv (${BTC.length} bytes)`,
      `${zip} › ETHUSDT-5m-2024-01.csv (${ETH.length} bytes)`,
      `${path.join(folder, 'SOLUSDT-1d-2024-01.csv')} (${SOL.length} bytes)`,
    ]);
    expect(blocks[0]).toContain('  series    BINANCE (user) : BTCUSDT (file-name) : 1h (file-name)');
    expect(blocks[1]).toContain('  series    BINANCE (user) : ETHUSDT (file-name) : 5m (file-name)');
    expect(blocks[2]).toContain('  series    BINANCE (user) : SOLUSDT (file-name) : 1d (file-name)');
  });

  it('imports every member and the loose file into their own series with the exact bars', async () => {
    const run = await barcat(['import', folder, '--venue', 'BINANCE', '--create', ...cat], tmp());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('9 rows written (9 added, 0 replaced, 0 removed)');
    const list = await barcat(['list', '--json', ...cat], tmp());
    expect(JSON.parse(list.stdout).map((s: { id: string; rows: number }) => [s.id, s.rows])).toEqual([
      ['BINANCE:BTCUSDT:1h', 3],
      ['BINANCE:ETHUSDT:5m', 4],
      ['BINANCE:SOLUSDT:1d', 2],
    ]);
    const q = await barcat(['query', 'BINANCE:ETHUSDT:5m', '--format', 'csv', ...cat], tmp());
    expect(q.stdout).toBe(ETH.replace('timestamp,', 'ts,'));
  });
});

describe('barcat import DIR --ticks with a zipped tick file', () => {
  it('stores the ticks of the zipped and the loose file, each in its own series', async () => {
    writeFileSync(
      path.join(folder, 'more', 'HISTDATA_COM_ASCII_EURUSD_T202401.zip'),
      zipSync({ [HISTDATA_TICK_FILE]: Buffer.from(histdataTicks()) }),
    );
    writeFileSync(path.join(folder, 'DAT_ASCII_GBPUSD_T_202401.csv'), histdataTicks());
    const run = await barcat(['import', folder, '--ticks', 'keep', '--create', '--json', ...cat], tmp());
    expect(run.code).toBe(0);
    const files = JSON.parse(run.stdout).files as {
      file: string;
      tickSeries: string;
      ticksWritten: { written: number };
    }[];
    expect(files.map((f) => [path.basename(f.file), f.tickSeries, f.ticksWritten.written])).toEqual([
      ['DAT_ASCII_GBPUSD_T_202401.csv', 'HISTDATA:GBPUSD:quotes', 16],
      [`HISTDATA_COM_ASCII_EURUSD_T202401.zip › ${HISTDATA_TICK_FILE}`, 'HISTDATA:EURUSD:quotes', 16],
    ]);
    const eur = await storedTicks(path.join(tmp(), 'cat'), {
      venue: 'HISTDATA',
      symbol: 'EURUSD',
      kind: 'quotes',
    });
    const gbp = await storedTicks(path.join(tmp(), 'cat'), {
      venue: 'HISTDATA',
      symbol: 'GBPUSD',
      kind: 'quotes',
    });
    expect(eur).toHaveLength(16);
    expect(gbp).toEqual(eur);
    // 10:00 EST on 2024-01-02 is 15:00 UTC; bid 1.1000, ask 1.1002.
    expect(eur[0]!.slice(0, 3)).toEqual([Date.UTC(2024, 0, 2, 15) * 1000, 1.1, 1.1002]);
  });
});
