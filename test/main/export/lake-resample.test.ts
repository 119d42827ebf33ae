import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import { duckRows } from '../../helpers/duck';
import { filesUnder } from '../../helpers/files-under';
import { cli } from '../catalog/cli-io';
import { fileTempDir, minuteBars } from '../catalog/helpers';
import { windowsArgs } from './windows-args';

// Windows at 1h cut from a 1m series: 00:00-06:00 with 02:10-02:20 missing (hour 02 partial) and
// nothing 04:00-05:00 (hour 04 missing).
const tmp = fileTempDir('barcat-lake-tf-');
const T0 = Date.UTC(2024, 0, 1);
const at = (h: number, m: number) => T0 + h * 3_600_000 + m * 60_000;
const BTC = minuteBars(T0, 360).filter(
  (b) => !(b.ts >= at(2, 10) && b.ts < at(2, 20)) && !(b.ts >= at(4, 0) && b.ts < at(5, 0)),
);
const eventsFile = path.join(tmp.dir, 'events.csv');

beforeAll(async () => {
  const catalog = await openCatalog(tmp.catalogDir);
  await catalog.write({ venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' }, batchFromBars(BTC), 'merge');
  await catalog.close();
  writeFileSync(eventsFile, 'instrument,timestamp,event_id\nBINANCE:BTCUSDT:1m,2024-01-01T03:30:00Z,x\n');
});

const windows = (out: string) =>
  cli(windowsArgs(eventsFile, 3, out, '--timeframe', '1h', '--catalog', tmp.catalogDir));

/** The hour's bar computed here from the 1m bars (open first, high max, low min, close last, volume summed). */
function hourBar(h: number) {
  const src = BTC.filter((b) => b.ts >= at(h, 0) && b.ts < at(h + 1, 0));
  return {
    ts: at(h, 0),
    open: src[0]!.open,
    high: Math.max(...src.map((b) => b.high)),
    low: Math.min(...src.map((b) => b.low)),
    close: src.at(-1)!.close,
    volume: src.reduce((s, b) => s + b.volume, 0),
  };
}

describe('barcat export windows --timeframe coarser than the series', () => {
  const out1 = path.join(tmp.dir, 'lake1');
  const out2 = path.join(tmp.dir, 'lake2');

  it('cuts windows of 1h bars resampled from 1m on UTC hours', async () => {
    const r = await windows(out1);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = await duckRows(
      `SELECT "offset", epoch_ms(ts)::DOUBLE AS ts, open, high, low, close, volume FROM read_parquet('${out1}/bars/*/*.parquet') ORDER BY "offset"`,
    );
    expect(rows).toEqual(
      [
        [-3, 0],
        [-2, 1],
        [-1, 2],
        [0, 3],
        [2, 5],
      ].map(([offset, h]) => ({ offset, ...hourBar(h!) })),
    );
    // Hour 2 by hand: 1m bars 120-179 less 130-139, 50 bars.
    expect(rows[2]).toEqual({
      offset: -1,
      ts: at(2, 0),
      open: 101.2,
      high: 102.29,
      low: 100.7,
      close: 102.04,
      volume: 50 * 1000 + 8970 - 1345,
    });
  });

  it('coverage counts 1h bars: the partial hour present but flagged, the empty hour missing', async () => {
    const rows = await duckRows(
      `SELECT expected, present, missing_bars, partial_bars, missing, partial FROM read_parquet('${out1}/coverage/*.parquet')`,
    );
    expect(rows).toEqual([
      {
        expected: 6,
        present: 5,
        missing_bars: 1,
        partial_bars: 1,
        missing: '[["2024-01-01T04:00:00.000Z","2024-01-01T05:00:00.000Z"]]',
        partial: '[["2024-01-01T02:00:00.000Z","2024-01-01T03:00:00.000Z"]]',
      },
    ]);
  });

  it('the manifest records the resampling; verify passes', async () => {
    const m = JSON.parse(readFileSync(path.join(out1, 'manifest.json'), 'utf8'));
    expect(m.inputs.window).toEqual({ pre: 3, post: 3, timeframe: '1h' });
    expect(m.inputs.series).toEqual([
      expect.objectContaining({
        id: 'BINANCE:BTCUSDT:1m',
        resample: { align: 'utc', from: '1m', to: '1h' },
      }),
    ]);
    expect(m.totals).toMatchObject({ expected: 6, present: 5, rows: 5, missingBars: 1 });
    const v = await cli(['export', 'verify', out1]);
    expect(v.code).toBe(0);
  });

  it('the same input twice gives byte-identical folders', async () => {
    expect((await windows(out2)).code).toBe(0);
    expect(filesUnder(out2)).toEqual(filesUnder(out1));
    for (const f of filesUnder(out1))
      expect(readFileSync(path.join(out2, f)).equals(readFileSync(path.join(out1, f)))).toBe(true);
  });

  it('refuses a timeframe finer than the series', async () => {
    writeFileSync(eventsFile, 'instrument,timestamp\nBINANCE:BTCUSDT:1m,2024-01-01T03:30:00Z\n');
    const r = await cli(
      windowsArgs(
        eventsFile,
        1,
        path.join(tmp.dir, 'never'),
        '--timeframe',
        '1s',
        '--catalog',
        tmp.catalogDir,
      ),
    );
    expect(r.stderr).toBe(
      'barcat: events.csv:2:1: instrument "BINANCE:BTCUSDT:1m" maps to BINANCE:BTCUSDT:1m, which cannot give the 1s bars --timeframe asks: 1s is finer; a series only resamples to a coarser timeframe\n',
    );
  });
});
